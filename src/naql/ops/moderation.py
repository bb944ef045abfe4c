"""What an editor does to published content, shared by the admin and the CLI.

Hiding is the takedown: the public pages, feeds, sitemaps and mail all select ``hidden=False``,
so one flag removes an article everywhere. What does not read the flag at request time (the
search index, a story's counts, cached pages) is brought up to date here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min

from naql.errors import InputError
from naql.fetch import canonicalize_url
from naql.logs import log
from naql.news.models import Article, StageState, Story
from naql.search.indexing import index_article, unindex_article

logger = logging.getLogger(__name__)


def find_article(ref: str) -> Article:
    """The article a user means by an id or a URL (canonicalized, as stored)."""
    ref = ref.strip()
    found: Article | None
    if ref.isdigit():
        found = Article.objects.filter(pk=int(ref)).first()
    else:
        if not ref.startswith(("http://", "https://")):
            raise InputError(f"{ref!r}: give an article id or its http(s) URL")
        found = Article.objects.filter(url__in={ref, canonicalize_url(ref)}).first()
    if found is None:
        raise InputError(f"{ref}: no such article (see `naql articles --json`)")
    return found


def refresh_story(story_id: int) -> None:
    """Recount a story's visible articles and outlets, and move its dates to fit them."""
    members = Article.objects.filter(story_id=story_id, hidden=False)
    span = members.aggregate(first=Min("published_at"), last=Max("published_at"))
    fields = {
        "article_count": members.count(),
        "source_count": members.values("source_id").distinct().count(),
    }
    if span["first"] is not None:
        fields.update(first_published_at=span["first"], last_published_at=span["last"])
    Story.objects.filter(pk=story_id).update(**fields)


def set_hidden(articles: Iterable[Article], hidden: bool) -> int:
    """Hide (take down) or show articles; returns how many changed."""
    changed = 0
    stories: set[int] = set()
    with transaction.atomic():
        for article in articles:
            if article.hidden == hidden:
                continue
            article.hidden = hidden
            article.save(update_fields=["hidden"])
            if hidden:
                unindex_article(article.pk)
            elif article.state == StageState.DONE:
                index_article(article)
            if article.story_id:
                stories.add(article.story_id)
            changed += 1
            log(logger, logging.INFO, "hidden" if hidden else "unhidden",
                article_url=article.url, stage="moderation")
        for story_id in stories:
            refresh_story(story_id)
        if changed:
            transaction.on_commit(forget_rendered_pages)
    return changed


def forget_rendered_pages() -> None:
    """Drop cached public pages so a takedown shows at once, not when the cache expires.

    Why the whole cache: a hidden article is listed on the home page, its source's, section's and
    story's pages and in every feed, so no short list of keys covers it. Limit: Django's default
    cache is per process, so other web workers keep their copies until they expire (60 s).
    """
    cache.clear()


def merge_stories(target: Story, other: Story) -> Story:
    """Move every article of ``other`` into ``target`` and delete ``other``."""
    if target.pk == other.pk:
        raise InputError(f"story {target.pk}: cannot merge a story into itself")
    with transaction.atomic():
        Article.objects.filter(story=other).update(story=target)
        other.delete()
        refresh_story(target.pk)
        target.refresh_from_db()
    log(logger, logging.INFO, "stories merged", story_id=target.pk, stage="moderation")
    return target


def split_story(story: Story, articles: list[Article]) -> Story:
    """Move ``articles`` (and their copies) out of ``story`` into a new story of their own."""
    if not articles:
        raise InputError("name at least one article to split off")
    strangers = [a.pk for a in articles if a.story_id != story.pk]
    if strangers:
        raise InputError(f"articles {strangers} are not in story {story.pk}")
    with transaction.atomic():
        first = min(articles, key=lambda a: (a.published_at, a.pk))
        new = Story.objects.create(
            title=first.title,
            representative=first,
            first_published_at=first.published_at,
            last_published_at=first.published_at,
        )
        ids = [a.pk for a in articles]
        Article.objects.filter(story=story, pk__in=ids).update(story=new)
        Article.objects.filter(story=story, duplicate_of_id__in=ids).update(story=new)
        if story.representative_id in ids:
            rest = Article.objects.filter(story=story).order_by("published_at", "id").first()
            Story.objects.filter(pk=story.pk).update(representative=rest)
        refresh_story(story.pk)
        refresh_story(new.pk)
        new.refresh_from_db()
    log(logger, logging.INFO, "story split", story_id=new.pk, stage="moderation")
    return new
