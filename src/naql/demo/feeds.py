"""Feeds, sitemaps and robots.txt of a demo outlet, written as the usual CMSs write them.

RSS dates are RFC 822 in the outlet's own offset, Atom dates RFC 3339; every item has a title,
link, guid, date, category and a description (the opening of the article).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed or sitemap."""

    title: str
    url: str
    guid: str
    published: datetime
    category: str
    description: str
    content_html: str = ""  # WordPress puts the whole post in content:encoded


@dataclass(frozen=True, slots=True)
class Channel:
    """What a feed says about its outlet."""

    title: str
    homepage: str
    feed_url: str
    description: str
    charset: str


def _x(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def rss(channel: Channel, items: Sequence[FeedItem]) -> str:
    """An RSS 2.0 feed with an Atom self link and, when items carry it, content:encoded."""
    newest = max((i.published for i in items), default=None)
    entries = []
    for i in items:
        content = (f"<content:encoded><![CDATA[{i.content_html.replace(']]>', ']]&gt;')}]]>"
                   "</content:encoded>") if i.content_html else ""
        permalink = "true" if i.guid == i.url else "false"
        entries.append(
            f"<item><title>{_x(i.title)}</title><link>{_x(i.url)}</link>"
            f'<guid isPermaLink="{permalink}">{_x(i.guid)}</guid>'
            f"<pubDate>{format_datetime(i.published)}</pubDate>"
            f"<category>{_x(i.category)}</category>"
            f"<description>{_x(i.description)}</description>{content}</item>"
        )
    build = f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>" if newest else ""
    return (
        f'<?xml version="1.0" encoding="{channel.charset}"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
        f"<title>{_x(channel.title)}</title><link>{_x(channel.homepage)}</link>"
        f'<atom:link href="{_x(channel.feed_url)}" rel="self" type="application/rss+xml"/>'
        f"<description>{_x(channel.description)}</description><language>ar</language>{build}\n"
        + "\n".join(entries)
        + "\n</channel>\n</rss>\n"
    )


def atom(channel: Channel, items: Sequence[FeedItem]) -> str:
    """An Atom 1.0 feed."""
    newest = max((i.published for i in items), default=None)
    updated = newest.isoformat() if newest else "1970-01-01T00:00:00+00:00"
    entries = "\n".join(
        f'<entry><title>{_x(i.title)}</title><link rel="alternate" href="{_x(i.url)}"/>'
        f"<id>{_x(i.guid)}</id><published>{i.published.isoformat()}</published>"
        f"<updated>{i.published.isoformat()}</updated>"
        f'<category term="{_x(i.category)}"/><summary>{_x(i.description)}</summary></entry>'
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="{channel.charset}"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n'
        f"<title>{_x(channel.title)}</title><subtitle>{_x(channel.description)}</subtitle>"
        f'<link rel="alternate" href="{_x(channel.homepage)}"/>'
        f'<link rel="self" href="{_x(channel.feed_url)}"/>'
        f"<id>{_x(channel.homepage)}</id><updated>{updated}</updated>\n{entries}\n</feed>\n"
    )


def news_sitemap(publication: str, items: Sequence[FeedItem]) -> str:
    """A Google News sitemap (publication name, language, date, title per URL)."""
    urls = "\n".join(
        f"<url><loc>{_x(i.url)}</loc><news:news><news:publication>"
        f"<news:name>{_x(publication)}</news:name><news:language>ar</news:language>"
        f"</news:publication><news:publication_date>{i.published.isoformat()}"
        f"</news:publication_date><news:title>{_x(i.title)}</news:title></news:news></url>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def sitemap(items: Sequence[FeedItem]) -> str:
    """A plain sitemap of every article page, with last-modified dates."""
    urls = "\n".join(
        f"<url><loc>{_x(i.url)}</loc><lastmod>{i.published.isoformat()}</lastmod></url>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def robots(sitemaps: Sequence[str]) -> str:
    """robots.txt that allows every crawler and announces the sitemaps."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {s}" for s in sitemaps]
    return "\n".join(lines) + "\n"
