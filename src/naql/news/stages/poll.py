"""Poll stage: fetch due feeds and sitemaps, turn their items into Entries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from naql.errors import FetchError, ParseError, RateLimited
from naql.fetch import Response, canonicalize_url, parse_feed
from naql.logs import log
from naql.news.backoff import next_attempt
from naql.news.claims import claim
from naql.news.fetching import Request, fetch_all
from naql.news.models import Entry
from naql.news.stages.context import StageConfig
from naql.sources.models import Endpoint, Source

logger = logging.getLogger(__name__)


def _record_failure(endpoint: Endpoint, error: Exception, now: datetime) -> None:
    retry_after = error.retry_after if isinstance(error, RateLimited) else None
    with transaction.atomic():
        endpoint.attempts += 1
        endpoint.last_error = str(error)
        endpoint.last_status = getattr(error, "status", None)
        endpoint.next_poll_at = next_attempt(now, endpoint.attempts, retry_after)
        endpoint.lease_until = None
        endpoint.save()
        Source.objects.filter(pk=endpoint.source_id).update(
            last_error=str(error),
            last_error_kind=type(error).__name__,
            last_error_at=now,
        )
        src = Source.objects.get(pk=endpoint.source_id)
        src.consecutive_failures += 1
        src.save(update_fields=["consecutive_failures"])
    log(logger, logging.WARNING, "poll failed", feed_url=endpoint.url, error=str(error))


def _store_items(endpoint: Endpoint, response: Response, now: datetime) -> int:
    feed = parse_feed(response.content, response.url)
    created = 0
    with transaction.atomic():
        for item in feed.items:
            url = canonicalize_url(item.url)
            try:
                with transaction.atomic():
                    _, was_created = Entry.objects.get_or_create(
                        url=url,
                        defaults={
                            "source_id": endpoint.source_id,
                            "endpoint": endpoint,
                            "guid": item.guid or "",
                            "feed_title": item.title,
                            "feed_summary": item.summary[:5000],
                            "feed_published": item.published,
                            "feed_section": item.section or "",
                        },
                    )
            except IntegrityError:
                was_created = False
            created += was_created
        endpoint.etag = response.headers.get("etag", "")
        endpoint.last_modified = response.headers.get("last-modified", "")
        _mark_polled(endpoint, response.status, now)
    return created


def _mark_polled(endpoint: Endpoint, status: int, now: datetime) -> None:
    source = Source.objects.get(pk=endpoint.source_id)
    endpoint.attempts = 0
    endpoint.last_status = status
    endpoint.last_error = ""
    endpoint.last_polled_at = now
    endpoint.next_poll_at = now + timedelta(seconds=source.poll_interval)
    endpoint.lease_until = None
    endpoint.save()
    Source.objects.filter(pk=source.pk).update(last_success_at=now, consecutive_failures=0)


def poll_due_endpoints(config: StageConfig, now: datetime | None = None) -> int:
    """Poll every due endpoint of an enabled source; return how many new entries were found."""
    now = now or timezone.now()
    due = Endpoint.objects.filter(next_poll_at__lte=now, source__enabled=True).order_by(
        "next_poll_at"
    )
    endpoints = {
        e.pk: e
        for e in claim(due, now=now, lease_seconds=config.lease_seconds, limit=config.batch)
    }
    requests = [
        Request(e.pk, e.url, e.etag or None, e.last_modified or None) for e in endpoints.values()
    ]
    new = 0
    for outcome in fetch_all(requests, config.policy, config.host_delay):
        endpoint = endpoints[outcome.request.key]
        result = outcome.result
        if isinstance(result, FetchError):
            _record_failure(endpoint, result, now)
            continue
        if result.not_modified:
            with transaction.atomic():
                _mark_polled(endpoint, 304, now)
            continue
        try:
            count = _store_items(endpoint, result, now)
        except ParseError as e:
            _record_failure(endpoint, e, now)
            continue
        new += count
        log(logger, logging.INFO, "polled", feed_url=endpoint.url, count=count)
    return new
