"""RSS 2.0, Atom and JSON Feed for the site, a section, a source and a story.

Each item shows no more than the outlet's policy allows, exactly as the article page does:
full-text sources give the attributed, sanitized body; excerpt sources the first paragraph;
link-only sources the title and the outlet's own link (the item links to the original).
RSS and Atom come from Django's ``feedgenerator``; JSON Feed 1.1 is a small dict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils import feedgenerator
from django.utils.html import escape

from naql.news.models import Article
from naql.site import preferences
from naql.site.attribution import attribution_for
from naql.site.sanitize import clean_body
from naql.site.seo import absolute, article_url
from naql.sources.models import Policy

FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
ITEMS = 50


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """What the feed is about: title, the HTML page it mirrors, and its own address."""

    title: str
    page_path: str
    feed_path: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One article as the policy allows it in a feed."""

    title: str
    link: str
    guid: str
    summary: str
    content_html: str
    published: Any
    updated: Any
    author: str
    source: str
    section: str


def item_for(article: Article) -> FeedItem:
    """``article`` cut to its source's policy."""
    policy = article.source.policy
    link_to = f'<p><a href="{escape(article.url)}">'
    name = escape(article.source.name)
    if policy == Policy.FULL:
        words = attribution_for(article)
        content = (
            f"<p>{escape(words.intro)}</p>{clean_body(article.body_html)}"
            f"<p>{escape(words.outro)}</p>"
            f"{link_to}المصدر الأصلي: {name}</a></p>"
        )
        summary = article.excerpt
    elif policy == Policy.EXCERPT:
        summary = article.excerpt
        content = f"<p>{escape(summary)}</p>{link_to}اقرأ الخبر كاملًا في {name}</a></p>"
    else:
        summary, content = "", ""
    return FeedItem(
        title=article.title,
        link=article.url if policy == Policy.LINK else article_url(article),
        guid=article_url(article),
        summary=summary,
        content_html=content,
        published=article.published_at,
        updated=article.modified_at or article.published_at,
        author=article.author or article.source.name,
        source=article.source.name,
        section=article.section.name if article.section else "",
    )


def _xml(meta: FeedMeta, items: list[FeedItem], kind: str) -> str:
    cls = feedgenerator.Rss201rev2Feed if kind == "rss" else feedgenerator.Atom1Feed
    feed = cls(
        title=f"{meta.title} — {preferences.current().site_name}",
        link=absolute(meta.page_path),
        description=meta.description or meta.title,
        language="ar",
        feed_url=absolute(meta.feed_path),
    )
    for it in items:
        feed.add_item(
            title=it.title,
            link=it.link,
            description=it.content_html or it.summary or it.title,
            unique_id=it.guid,
            unique_id_is_permalink=True,
            pubdate=it.published,
            updateddate=it.updated,
            author_name=it.author,
            categories=[it.section] if it.section else None,
        )
    return feed.writeString("utf-8")


def _json(meta: FeedMeta, items: list[FeedItem]) -> str:
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{meta.title} — {preferences.current().site_name}",
        "home_page_url": absolute(meta.page_path),
        "feed_url": absolute(meta.feed_path),
        "language": "ar",
        "items": [],
    }
    for it in items:
        entry: dict[str, Any] = {
            "id": it.guid,
            "url": it.link,
            "title": it.title,
            "date_published": it.published.isoformat(),
            "date_modified": it.updated.isoformat(),
            "authors": [{"name": it.author}],
        }
        if it.content_html:
            entry["content_html"] = it.content_html
        else:
            entry["content_text"] = it.title
        if it.summary:
            entry["summary"] = it.summary
        if it.section:
            entry["tags"] = [it.section]
        data["items"].append(entry)
    return json.dumps(data, ensure_ascii=False)


def render_feed(meta: FeedMeta, articles: list[Article], kind: str) -> str:
    """The feed document in ``kind`` (one of ``FORMATS``)."""
    items = [item_for(a) for a in articles]
    return _json(meta, items) if kind == "json" else _xml(meta, items, kind)
