"""Publish stage: analyze → dedupe → cluster → index for newly extracted articles.

Each article is decided by the process's ``CopyDesk`` under the publish lock, after the desk
has caught up with what other workers published, and committed with its DONE state in one
transaction: a worker killed half-way leaves nothing behind but a lease that runs out.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from naql.logs import log
from naql.news.claims import LeaseKeeper, claim
from naql.news.copydesk import CopyDesk, Decision, story_for_key
from naql.news.models import Article, StageState, Story
from naql.news.stages.context import StageConfig
from naql.search.indexing import index_article

logger = logging.getLogger(__name__)

# Deduplication and clustering compare each article with those published before it, so they
# run one article at a time across all workers: a transaction-scoped advisory lock on
# PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers).
_PUBLISH_LOCK = 0x6E61716C  # "naql"


def _serialize_publishing() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PUBLISH_LOCK])


def refresh_story(story: Story) -> None:
    """Recount a story's articles and outlets and its time span (after any change)."""
    members = Article.objects.filter(story=story, hidden=False)
    agg = members.aggregate(
        n=Count("id"),
        sources=Count("source_id", distinct=True),
        first=Min("published_at"),
        last=Max("published_at"),
    )
    story.article_count = agg["n"] or 0
    story.source_count = agg["sources"] or 0
    if agg["first"] is not None:
        story.first_published_at = agg["first"]
        story.last_published_at = agg["last"]
    story.save()


def _apply_merges(merges: tuple[tuple[str, str], ...], title: str) -> None:
    for absorbed, into in merges:
        target = story_for_key(into, title)
        gone = Story.objects.filter(key=absorbed).first()
        if gone is None or gone.pk == target.pk:
            continue
        Article.objects.filter(story=gone).update(story=target)
        gone.delete()
        refresh_story(target)


def _apply(article: Article, decision: Decision, desk: CopyDesk) -> None:
    seq = (Article.objects.aggregate(m=Max("publish_seq"))["m"] or 0) + 1
    article.publish_seq = seq
    article.duplicate_of_id = decision.duplicate_of
    view = desk.title_of(decision.story_key)
    story = story_for_key(decision.story_key, view[0] if view else article.title)
    article.story = story
    article.state = StageState.DONE
    article.lease_until = None
    article.save()
    if decision.replaces is not None:
        Article.objects.filter(duplicate_of_id=decision.replaces).update(duplicate_of=article)
        Article.objects.filter(pk=decision.replaces).update(duplicate_of=article)
        old = Article.objects.get(pk=decision.replaces)
        index_article(old)
    _apply_merges(decision.merges, article.title)
    if view is not None:
        story.title = view[0]
        story.representative_id = view[1]
    elif story.representative_id is None:
        story.representative = article
    refresh_story(story)
    desk.synced = seq
    index_article(article)


def publish_due_articles(
    config: StageConfig,
    now: datetime | None = None,
    stop: threading.Event | None = None,
    desk: CopyDesk | None = None,
) -> int:
    """Run the post-extraction stages on due pending articles (one batch); return how many
    were published. When ``stop`` is set, the rows not yet handled are released."""
    now = now or timezone.now()
    desk = desk or CopyDesk()
    due = Article.objects.filter(state=StageState.PENDING, next_attempt_at__lte=now).order_by(
        "published_at", "id"
    )
    done = 0
    claimed = claim(due, now=now, lease_seconds=config.lease_seconds, limit=config.batch)
    keeper = LeaseKeeper(Article, config.lease_seconds)
    for i, article in enumerate(claimed):
        keeper.keep({a.pk for a in claimed[i:]})
        if stop is not None and stop.is_set():
            Article.objects.filter(pk__in=[a.pk for a in claimed[i:]]).update(lease_until=None)
            break
        try:
            with transaction.atomic():
                _serialize_publishing()
                fresh = (
                    Article.objects.select_for_update().select_related("source").get(pk=article.pk)
                )
                if fresh.state == StageState.DONE:
                    continue
                desk.sync()
                _apply(fresh, desk.decide(fresh), desk)
        except Exception:
            desk.reset()
            raise
        done += 1
    if done:
        log(logger, logging.INFO, "published", stage="publish", count=done)
    return done
