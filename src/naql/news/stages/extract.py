"""Extract stage: fetch due entries' pages and turn them into Articles (or rejections)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from naql.errors import Deferred, FetchError, PermanentFetchError, RateLimited
from naql.extract import Article as Extracted
from naql.extract import ExtractOptions, Rejected, extract_article
from naql.fetch import Crawler, FetchRequest, Response, canonicalize_url
from naql.logs import log
from naql.news.backoff import MAX_ATTEMPTS, next_attempt
from naql.news.claims import claim, crawl_claimed
from naql.news.models import Article, Entry, StageState
from naql.news.stages.context import StageConfig
from naql.news.stages.sections import section_for
from naql.sources.models import Source
from naql.text.encoding import decode_document

logger = logging.getLogger(__name__)


def _fail(entry: Entry, error: FetchError, now: datetime) -> None:
    if isinstance(error, Deferred):
        # Not attempted (the host is backing off): no attempt counted, just try later.
        Entry.objects.filter(pk=entry.pk).update(
            next_attempt_at=now + timedelta(seconds=error.retry_after), lease_until=None
        )
        return
    entry.attempts += 1
    entry.last_error = str(error)
    entry.lease_until = None
    permanent = isinstance(error, PermanentFetchError) or entry.attempts >= MAX_ATTEMPTS
    if permanent:
        entry.state = StageState.FAILED
    else:
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        entry.next_attempt_at = next_attempt(now, entry.attempts, retry_after)
    entry.save()
    log(logger, logging.WARNING, "fetch failed", article_url=entry.url, error=str(error))


def _reject(entry: Entry, rejected: Rejected) -> None:
    with transaction.atomic():
        entry.state = StageState.REJECTED
        entry.reject_reason = rejected.reason.value
        entry.last_error = rejected.detail
        entry.lease_until = None
        entry.save()
        source = Source.objects.select_for_update().get(pk=entry.source_id)
        source.count_rejection(rejected.reason.value)
        source.save(update_fields=["rejected_counts"])


def _store(entry: Entry, page: Extracted, response: Response, now: datetime) -> None:
    source = entry.source
    published = page.published or entry.feed_published or now
    with transaction.atomic():
        try:
            with transaction.atomic():
                Article.objects.create(
                    entry=entry,
                    source=source,
                    url=entry.url,
                    title=(page.title or entry.feed_title)[:1000],
                    author=(page.author or "")[:300],
                    published_at=published,
                    modified_at=page.updated,
                    fetched_at=now,
                    body_text=page.text,
                    body_html=page.html,
                    image=(page.image or "")[:1000],
                    section=section_for(source, page.section or entry.feed_section),
                    lang=page.lang or "",
                    original_source=(page.original_source or "")[:300],
                    original_url=canonicalize_url(page.original_url) if page.original_url else "",
                )
        except IntegrityError:
            # Another URL redirected to an article we already have: nothing new to store.
            pass
        entry.state = StageState.DONE
        entry.lease_until = None
        entry.last_error = ""
        entry.save()


def extract_due_entries(
    config: StageConfig,
    crawler: Crawler,
    now: datetime | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Fetch and extract due pending entries (one batch); return how many articles were stored.
    When ``stop`` is set, the rows not yet handled are released for another process."""
    now = now or timezone.now()
    due = Entry.objects.filter(
        state=StageState.PENDING, next_attempt_at__lte=now, source__enabled=True
    ).order_by("next_attempt_at", "id")
    entries = {
        e.pk: e
        for e in claim(
            due.select_related("source"),
            now=now,
            lease_seconds=config.lease_seconds,
            limit=config.batch,
        )
    }
    options: dict[int, ExtractOptions] = {}
    stored = 0
    requests = [FetchRequest(e.url, key=e.pk) for e in entries.values()]
    for entry, outcome in crawl_claimed(entries, requests, crawler, config.lease_seconds, stop):
        result = outcome.response
        if result is None:
            _fail(entry, outcome.error or FetchError("no response", url=entry.url), now)
            continue
        opts = options.setdefault(
            entry.source_id,
            ExtractOptions(boilerplate_lines=frozenset(entry.source.boilerplate_lines or ())),
        )
        html = decode_document(result.content, result.content_type)
        page = extract_article(html, url=result.url, options=opts)
        if isinstance(page, Rejected):
            _reject(entry, page)
            log(logger, logging.INFO, "rejected", article_url=entry.url, error=page.reason.value)
            continue
        _store(entry, page, result, now)
        stored += 1
    return stored
