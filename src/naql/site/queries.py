"""The querysets the public pages, feeds, sitemaps and API share.

One rule everywhere: a reader sees only articles that finished the pipeline (``DONE``) and
are not hidden. Lists show one article per copy group (copies appear under their original
as "also published by"), and a story is shown only through its visible articles.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet
from django.db.models.lookups import Exact, IsNull
from django.utils import timezone

from naql.news.models import Article, StageState, Story


def _unindexed(field: str) -> Func:
    """``field`` written ``+field`` on SQLite, which stops the planner using its index.

    Why: without ANALYZE statistics SQLite believes ``state = 'done'`` is selective and reads
    every published article through the state index, then sorts them all (bodies included)
    to return the newest 30 — seconds at 100k articles. Kept off those indexes, it walks the
    ``published_at`` index newest first and stops after the page. PostgreSQL keeps statistics
    and plans this well on its own (and rejects unary plus on text), so it gets the plain
    column. A partial index on ``published_at`` for visible originals would make this moot.
    """
    if connection.vendor == "sqlite":
        return Func(F(field), template="+%(expressions)s")
    return Func(F(field), template="%(expressions)s")


def visible_articles() -> QuerySet[Article]:
    """Every article a reader may open, copies included."""
    return Article.objects.filter(
        Exact(_unindexed("state"), StageState.DONE), hidden=False
    ).select_related("source", "section")


def published_articles() -> QuerySet[Article]:
    """Visible originals, newest first: what lists, feeds and sitemaps show."""
    return (
        visible_articles()
        .filter(IsNull(_unindexed("duplicate_of_id"), True))
        .order_by("-published_at", "-id")
    )


def listing(qs: QuerySet[Article]) -> QuerySet[Article]:
    """``qs`` without the bodies: lists show titles, outlets and dates only."""
    return qs.defer("body_html", "body_text")


def _with_visible_counts(qs: QuerySet[Story], min_outlets: int = 0) -> QuerySet[Story]:
    visible = Q(articles__state=StageState.DONE, articles__hidden=False)
    return qs.annotate(
        visible_count=Count("articles", filter=visible),
        outlet_count=Count("articles__source", filter=visible, distinct=True),
    ).filter(visible_count__gt=0, outlet_count__gte=min_outlets)


def top_stories(limit: int = 6, since: dt.timedelta = dt.timedelta(days=3)) -> list[Story]:
    """Stories covered by the most outlets in the last ``since``, most recent first among
    equals. Counted from visible articles, so hiding an article drops it from the count.

    Why two steps: counting visible outlets for every recent story joins all their articles
    (seconds at 100k articles); the pipeline's ``source_count`` is an upper bound of the
    visible count, so the top few by it, recounted, are the candidates that matter.
    """
    candidates = list(
        Story.objects.filter(last_published_at__gte=timezone.now() - since, source_count__gt=1)
        .order_by("-source_count", "-last_published_at", "-id")
        .values_list("id", flat=True)[: limit * 4]
    )
    qs = _with_visible_counts(Story.objects.filter(id__in=candidates), min_outlets=2)
    return list(qs.order_by("-outlet_count", "-last_published_at", "-id")[:limit])


def visible_stories() -> QuerySet[Story]:
    """Stories that have at least one visible article, most recently updated first."""
    return _with_visible_counts(Story.objects.all()).order_by("-last_published_at", "-id")


def story_coverage(story: Story) -> QuerySet[Article]:
    """A story's visible articles, first reporter first (copies included: each is an outlet's
    own publication of the story)."""
    return listing(visible_articles().filter(story=story).order_by("published_at", "id"))


def copies_of(article: Article) -> QuerySet[Article]:
    """Other outlets' visible copies of ``article``."""
    return visible_articles().filter(duplicate_of=article).order_by("published_at", "id")


def other_coverage(article: Article, limit: int = 10) -> QuerySet[Article] | list[Article]:
    """The story's other visible originals, excluding ``article`` and its copies."""
    if article.story_id is None:
        return []
    same_story = published_articles().filter(story_id=article.story_id).exclude(pk=article.pk)
    return listing(same_story)[:limit]


def discover_more(article: Article, limit: int = 6) -> list[Article]:
    """ "اكتشاف المزيد": recent articles from the same section (else the whole site), outside
    this article's story, so the block shows something the reader has not just seen.

    Chosen in Python from the newest few dozen: one walk down the ``published_at`` index,
    where asking the database for "newest in this section" would sort the whole section.
    """
    recent = listing(published_articles().exclude(pk=article.pk))[: limit * 10]
    fresh = [a for a in recent if article.story_id is None or a.story_id != article.story_id]
    same = [a for a in fresh if a.section_id == article.section_id]
    return (same if len(same) >= limit // 2 else fresh)[:limit]
