"""Publish stage: analyze → dedupe → cluster → index for newly extracted articles.

Each article is decided by the process's ``CopyDesk`` under the publish lock, after the desk
has caught up with what other workers published, and committed with its DONE state in the
same transaction (a short chunk of articles per transaction, a savepoint per article): a
worker killed half-way leaves nothing behind but a lease that runs out.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from naql.logs import log
from naql.news import records
from naql.news.backoff import MAX_ATTEMPTS, next_attempt
from naql.news.claims import LeaseKeeper, claim
from naql.news.copydesk import Analyzed, CopyDesk, Decision
from naql.news.models import Article, StageState, Story
from naql.news.signals import articles_published
from naql.news.stages.context import StageConfig
from naql.search.indexing import index_article, stored_tokens, unindex_article

logger = logging.getLogger(__name__)

# Deduplication and clustering compare each article with those published before it, so they
# run one article at a time across all workers: a transaction-scoped advisory lock on
# PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers).
_PUBLISH_LOCK = 0x6E61716C  # "naql"
# A chunk's transaction holds the publish lock (and SQLite's write lock): keep it short so
# other workers and the web process's writes wait at most this long.
_CHUNK_SECONDS = 0.25


def _serialize_publishing() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PUBLISH_LOCK])


def _apply_merges(merges: tuple[tuple[str, str], ...], article: Article) -> None:
    for absorbed, into in merges:
        target = records.story_for_key(into, article.title, article.published_at)
        gone = Story.objects.filter(key=absorbed).first()
        if gone is None or gone.pk == target:
            continue
        Article.objects.filter(story=gone).update(story_id=target)
        gone.delete()  # a model delete: the site's receivers see the story go
        records.recount_story(target)


def _apply(article: Article, decision: Decision, desk: CopyDesk, tokens: Analyzed, seq: int) -> None:
    view = desk.title_of(decision.story_key)
    story_id = records.story_for_key(
        decision.story_key, view[0] if view else article.title, article.published_at
    )
    assert article.signature is not None  # set by desk.decide
    records.mark_published(
        article.pk,
        seq=seq,
        duplicate_of=decision.duplicate_of,
        story_id=story_id,
        fingerprint=article.fingerprint,
        signature=bytes(article.signature),
    )
    article.publish_seq, article.story_id = seq, story_id
    article.duplicate_of_id, article.state = decision.duplicate_of, StageState.DONE
    if decision.replaces is not None:
        Article.objects.filter(duplicate_of_id=decision.replaces).update(duplicate_of=article)
        Article.objects.filter(pk=decision.replaces).update(duplicate_of=article)
        unindex_article(decision.replaces)
    _apply_merges(decision.merges, article)
    if view is not None:
        records.recount_story(story_id, title=view[0], representative=view[1])
    else:
        records.recount_story(story_id, representative_if_missing=article.pk)
    desk.synced = seq
    index_article(article, title_tokens=tokens.title, body_tokens=tokens.body)


def _give_up_for_now(article: Article, error: Exception, now: datetime) -> None:
    """One article that cannot be published must not hold up the batch: count the attempt,
    keep the error for the operator, and retry later with backoff (or stop after the last)."""
    attempts = article.attempts + 1
    Article.objects.filter(pk=article.pk).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        lease_until=None,
        next_attempt_at=next_attempt(now, attempts, None),
        state=StageState.FAILED if attempts >= MAX_ATTEMPTS else StageState.PENDING,
    )


def _stored_tokens(article_ids: list[int]) -> dict[int, Analyzed]:
    """What the search index keeps of each article is the analyzer's output: reuse it."""
    return {pk: Analyzed(*pair) for pk, pair in stored_tokens(article_ids).items()}


def _announce(count: int) -> None:
    """Tell listeners, once the transaction commits, that ``count`` articles went public."""
    if count:
        transaction.on_commit(
            lambda: articles_published.send(sender=Article, count=count), robust=True
        )


def _publish_chunk(
    ids: list[int], desk: CopyDesk, now: datetime, stop: threading.Event | None
) -> tuple[int, list[int]]:
    """Publish the articles ``ids`` in one transaction under the publish lock; returns how
    many were published and the ids left untouched (stopped, or the chunk's time ran out).

    Why one transaction for several articles: the lock, the catch-up with other workers and
    the commit (an fsync on SQLite) are paid once per chunk instead of once per article. Each
    article still gets a savepoint, so one that fails is rolled back alone."""
    done = 0
    deadline = time.monotonic() + _CHUNK_SECONDS
    with transaction.atomic():
        _serialize_publishing()
        desk.sync(_stored_tokens)
        seq = desk.synced or 0
        fresh = {
            a.pk: a
            # Only the article rows: locking their sources too (a join's default) would take
            # source rows in another order than the extract stage does, and deadlock with it.
            for a in Article.objects.select_for_update(of=("self",))
            .select_related("source")
            .filter(pk__in=ids, state=StageState.PENDING)
        }
        for i, pk in enumerate(ids):
            if (stop is not None and stop.is_set()) or (i and time.monotonic() > deadline):
                _announce(done)
                return done, ids[i:]
            article = fresh.get(pk)
            if article is None:  # published meanwhile by a worker that outlived its lease
                continue
            tokens = Analyzed.of(article)
            try:
                with transaction.atomic():
                    _apply(article, desk.decide(article, tokens), desk, tokens, seq + 1)
            except DatabaseError:
                raise  # the connection or transaction is at fault, not this article
            except Exception as error:
                logger.exception("publish failed", extra={"fields": {"article": pk}})
                # The desk remembered what the savepoint rolled back: rebuild it from the
                # database as this transaction sees it.
                desk.reset()
                desk.sync(_stored_tokens)
                _give_up_for_now(article, error, now)
                continue
            seq += 1
            done += 1
        _announce(done)
    return done, []


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
    claimed = [a.pk for a in claim(due.only("pk"), now=now, lease_seconds=config.lease_seconds,
                                   limit=config.batch)]
    keeper = LeaseKeeper(Article, config.lease_seconds)
    done = 0
    while claimed:
        keeper.keep(set(claimed))
        try:
            n, claimed = _publish_chunk(claimed, desk, now, stop)
        except Exception:
            desk.reset()  # memory must never keep what the database rolled back
            # Hand the rows back at once (a deadlock or a lost connection is no reason to
            # make them wait out the lease): the next pass, here or elsewhere, retries them.
            Article.objects.filter(pk__in=claimed, state=StageState.PENDING).update(
                lease_until=None
            )
            raise
        done += n
        if stop is not None and stop.is_set():
            Article.objects.filter(pk__in=claimed).update(lease_until=None)
            break
    if done:
        log(logger, logging.INFO, "published", stage="publish", count=done)
    return done
