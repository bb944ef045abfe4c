"""Extract stage: fetch due entries' pages and turn them into Articles (or rejections)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from naql.errors import Deferred, FetchError, PermanentFetchError, RateLimited
from naql.extract import Article as Extracted
from naql.extract import ExtractOptions, Rejected, extract_article
from naql.fetch import Crawler, FetchRequest, canonicalize_url
from naql.logs import log
from naql.news.backoff import MAX_ATTEMPTS, next_attempt
from naql.news.claims import claim, crawl_claimed
from naql.news.models import Article, Entry, StageState
from naql.news.stages.context import StageConfig
from naql.news.stages.sections import section_id_for
from naql.sources.fetching import options_for, record_fetch_times, request_headers
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


def _reject_all(rejected: list[tuple[Entry, Rejected]]) -> None:
    by_source: dict[int, list[str]] = {}
    for entry, page in rejected:
        entry.state = StageState.REJECTED
        entry.reject_reason = page.reason.value
        entry.last_error = page.detail
        entry.lease_until = None
        entry.save(update_fields=["state", "reject_reason", "last_error", "lease_until"])
        by_source.setdefault(entry.source_id, []).append(page.reason.value)
    for source_id, reasons in sorted(by_source.items()):  # one lock order for every worker
        source = Source.objects.select_for_update().get(pk=source_id)
        for reason in reasons:
            source.count_rejection(reason)
        source.save(update_fields=["rejected_counts"])


def _article(entry: Entry, page: Extracted, now: datetime, sections: dict[str, int]) -> Article:
    source = entry.source
    return Article(
        entry=entry,
        source=source,
        url=entry.url,
        title=(page.title or entry.feed_title)[:1000],
        author=(page.author or "")[:300],
        published_at=page.published or entry.feed_published or now,
        modified_at=page.updated,
        fetched_at=now,
        body_text=page.text,
        body_html=page.html,
        image=(page.image or "")[:1000],
        section_id=section_id_for(source, page.section or entry.feed_section, sections),
        lang=page.lang or "",
        original_source=(page.original_source or "")[:300],
        original_url=canonicalize_url(page.original_url) if page.original_url else "",
    )


def _store_all(pages: list[tuple[Entry, Extracted]], now: datetime) -> int:
    """Store the extracted pages and mark their entries done; returns how many articles were
    new (a page another URL redirected to, already stored, is skipped by the database)."""
    sections: dict[str, int] = {}
    Article.objects.bulk_create(
        [_article(entry, page, now, sections) for entry, page in pages], ignore_conflicts=True
    )
    ids = [entry.pk for entry, _ in pages]
    Entry.objects.filter(pk__in=ids).update(state=StageState.DONE, lease_until=None, last_error="")
    return Article.objects.filter(entry_id__in=ids).count()


Result = Extracted | Rejected | FetchError


class _Outbox:
    """Extraction results waiting to be written, a few at a time.

    Why: one write transaction per page made the commit (an fsync on SQLite) and the
    transaction bookkeeping cost as much as extracting the page. Results are written together
    when fifty are ready or a second has passed, in short transactions; a
    worker killed before a write loses nothing but fetches it redoes when the lease ends."""

    SIZE = 50
    SECONDS = 1.0

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.items: list[tuple[Entry, Result]] = []
        self.since = 0.0
        self.stored = 0
        self.fetch_ms: dict[int, list[float]] = {}  # source id → page fetch times

    def add(self, entry: Entry, result: Result, elapsed: float = 0.0) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((entry, result))
        if elapsed:
            self.fetch_ms.setdefault(entry.source_id, []).append(elapsed * 1000)
        if len(self.items) >= self.SIZE or time.monotonic() - self.since > self.SECONDS:
            self.flush()

    def flush(self) -> None:
        items, self.items = self.items, []
        if not items:
            return
        pages = [(e, r) for e, r in items if isinstance(r, Extracted)]
        rejected = [(e, r) for e, r in items if isinstance(r, Rejected)]
        with transaction.atomic():
            # Source rows are written below (rejection counts, fetch times): lock them first,
            # in id order, so two workers' flushes can never wait on each other in a circle.
            touched = {e.source_id for e, _ in rejected} | set(self.fetch_ms)
            list(Source.objects.select_for_update().filter(pk__in=touched).order_by("pk")
                 .values_list("pk", flat=True))
            for entry, result in items:
                if isinstance(result, FetchError):
                    _fail(entry, result, self.now)
            _reject_all(rejected)
            if pages:
                self.stored += _store_all(pages, self.now)
            # One update per source and flush: the batch's mean folded into the source's.
            times, self.fetch_ms = self.fetch_ms, {}
            record_fetch_times({source_id: sum(ms) / len(ms) for source_id, ms in times.items()})
        for entry, result in items:
            if isinstance(result, Rejected):
                log(logger, logging.INFO, "rejected", article_url=entry.url,
                    error=result.reason.value)


def _host(url: str) -> str:
    return urlsplit(url).netloc


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
            spread=("url", _host),
        )
    }
    options: dict[int, ExtractOptions] = {}
    out = _Outbox(now)
    headers: dict[int, tuple[tuple[str, str], ...]] = {}
    requests = [
        FetchRequest(
            e.url,
            key=e.pk,
            headers=headers.setdefault(e.source_id, tuple(request_headers(e.source).items())),
        )
        for e in entries.values()
    ]
    try:
        for entry, outcome in crawl_claimed(entries, requests, crawler, config.lease_seconds, stop):
            result = outcome.response
            if result is None:
                out.add(entry, outcome.error or FetchError("no response", url=entry.url))
                continue
            opts = options_for(options, entry.source)  # boilerplate + the source's site rules
            html = decode_document(result.content, result.content_type)
            out.add(entry, extract_article(html, url=result.url, options=opts), result.elapsed)
    finally:
        out.flush()
    return out.stored
