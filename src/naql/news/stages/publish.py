"""Publish stage: analyze → dedupe → cluster → index for newly extracted articles.

First cut: exact copies (same normalized body) point to the earliest article; every canonical
article starts its own story and copies join their original's story.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from naql.logs import log
from naql.news.claims import LeaseKeeper, claim
from naql.news.models import Article, StageState, Story
from naql.news.stages.context import StageConfig
from naql.search.indexing import index_article
from naql.stories import body_fingerprint

logger = logging.getLogger(__name__)


def _publish(article: Article) -> None:
    article.fingerprint = body_fingerprint(article.body_text)
    original = (
        Article.objects.filter(fingerprint=article.fingerprint, duplicate_of__isnull=True)
        .exclude(pk=article.pk)
        .order_by("published_at", "id")
        .first()
    )
    if original is not None and original.published_at <= article.published_at:
        article.duplicate_of = original
        article.story = original.story
    else:
        story = Story.objects.create(
            title=article.title,
            representative=article,
            first_published_at=article.published_at,
            last_published_at=article.published_at,
        )
        article.story = story
    article.state = StageState.DONE
    article.lease_until = None
    article.save()
    index_article(article)
    if article.story_id:
        _refresh_story(article.story_id)


def _refresh_story(story_id: int) -> None:
    story = Story.objects.get(pk=story_id)
    members = Article.objects.filter(story_id=story_id, hidden=False)
    story.article_count = members.count()
    story.source_count = members.values("source_id").distinct().count()
    story.save(update_fields=["article_count", "source_count"])


# Deduplication and clustering compare each article with those published before it, so they
# run one article at a time across all workers: a transaction-scoped advisory lock on
# PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers).
_PUBLISH_LOCK = 0x6E61716C  # "naql"


def _serialize_publishing() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PUBLISH_LOCK])


def publish_due_articles(
    config: StageConfig, now: datetime | None = None, stop: threading.Event | None = None
) -> int:
    """Run the post-extraction stages on due pending articles (one batch); return how many
    were published. When ``stop`` is set, the rows not yet handled are released."""
    now = now or timezone.now()
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
        with transaction.atomic():
            _serialize_publishing()
            fresh = Article.objects.select_for_update().get(pk=article.pk)
            if fresh.state == StageState.DONE:
                continue
            _publish(fresh)
        done += 1
    if done:
        log(logger, logging.INFO, "published", stage="publish", count=done)
    return done
