"""The querysets the public pages, feeds, sitemaps and API share.

One rule everywhere: a reader sees only articles that finished the pipeline (``DONE``) and
are not hidden. Lists show one article per copy group (copies appear under their original
as "also published by"), and a story is shown only through its visible articles.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from naql.news.models import Article, StageState, Story


def visible_articles() -> QuerySet[Article]:
    """Every article a reader may open, copies included."""
    return Article.objects.filter(state=StageState.DONE, hidden=False).select_related(
        "source", "section"
    )


def published_articles() -> QuerySet[Article]:
    """Visible originals, newest first: what lists, feeds and sitemaps show."""
    return visible_articles().filter(duplicate_of__isnull=True).order_by("-published_at", "-id")


def _with_visible_counts(qs: QuerySet[Story], min_outlets: int = 0) -> QuerySet[Story]:
    visible = Q(articles__state=StageState.DONE, articles__hidden=False)
    return qs.annotate(
        visible_count=Count("articles", filter=visible),
        outlet_count=Count("articles__source", filter=visible, distinct=True),
    ).filter(visible_count__gt=0, outlet_count__gte=min_outlets)


def top_stories(limit: int = 6, since: dt.timedelta = dt.timedelta(days=3)) -> list[Story]:
    """Stories covered by the most outlets in the last ``since``, most recent first among
    equals. Counted from visible articles, so hiding an article drops it from the count."""
    recent = Story.objects.filter(last_published_at__gte=timezone.now() - since, source_count__gt=1)
    qs = _with_visible_counts(recent, min_outlets=2)
    return list(qs.order_by("-outlet_count", "-last_published_at", "-id")[:limit])


def visible_stories() -> QuerySet[Story]:
    """Stories that have at least one visible article, most recently updated first."""
    return _with_visible_counts(Story.objects.all()).order_by("-last_published_at", "-id")


def story_coverage(story: Story) -> QuerySet[Article]:
    """A story's visible articles, first reporter first (copies included: each is an outlet's
    own publication of the story)."""
    return visible_articles().filter(story=story).order_by("published_at", "id")


def copies_of(article: Article) -> QuerySet[Article]:
    """Other outlets' visible copies of ``article``."""
    return visible_articles().filter(duplicate_of=article).order_by("published_at", "id")


def other_coverage(article: Article, limit: int = 10) -> QuerySet[Article] | list[Article]:
    """The story's other visible originals, excluding ``article`` and its copies."""
    if article.story_id is None:
        return []
    return published_articles().filter(story_id=article.story_id).exclude(pk=article.pk)[:limit]


def discover_more(article: Article, limit: int = 6) -> list[Article]:
    """ "اكتشاف المزيد": recent articles from the same section (else the whole site), outside
    this article's story, so the block shows something the reader has not just seen."""
    qs = published_articles().exclude(pk=article.pk)
    if article.story_id is not None:
        qs = qs.exclude(story_id=article.story_id)
    if article.section_id is not None:
        same = list(qs.filter(section_id=article.section_id)[:limit])
        if len(same) >= limit // 2:
            return same
    return list(qs[:limit])
