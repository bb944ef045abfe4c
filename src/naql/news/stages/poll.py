"""Poll stage: fetch due feeds and sitemaps, turn their items into Entries."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from naql.errors import Deferred, FetchError, ParseError, RateLimited
from naql.fetch import (
    Crawler,
    FetchRequest,
    Response,
    canonicalize_url,
    next_poll_interval,
    parse_feed,
    parse_sitemap,
)
from naql.logs import log
from naql.news.backoff import next_attempt
from naql.news.claims import claim, crawl_claimed
from naql.news.models import Entry
from naql.news.stages.context import StageConfig
from naql.sources.fetching import record_success, request_headers
from naql.sources.models import Endpoint, EndpointKind, Source

logger = logging.getLogger(__name__)

# A sitemap index can list years of monthly sitemaps; only the newest few carry news.
SITEMAP_CHILDREN = 3


@dataclass(frozen=True, slots=True)
class Item:
    """An entry-to-be, from a feed item or a sitemap URL."""

    url: str
    title: str = ""
    guid: str = ""
    summary: str = ""
    published: datetime | None = None
    section: str = ""


def _record_failure(endpoint: Endpoint, error: Exception, now: datetime) -> None:
    if isinstance(error, Deferred):
        # Not attempted: the host is backing off. Try again when it allows, at no cost.
        Endpoint.objects.filter(pk=endpoint.pk).update(
            next_poll_at=now + timedelta(seconds=error.retry_after), lease_until=None
        )
        return
    retry_after = error.retry_after if isinstance(error, RateLimited) else None
    with transaction.atomic():
        endpoint.attempts += 1
        endpoint.last_error = str(error)
        endpoint.last_status = getattr(error, "status", None)
        endpoint.next_poll_at = next_attempt(now, endpoint.attempts, retry_after)
        endpoint.lease_until = None
        endpoint.save()
        source = Source.objects.select_for_update().get(pk=endpoint.source_id)
        source.last_error = str(error)
        source.last_error_kind = type(error).__name__
        source.last_error_at = now
        source.consecutive_failures += 1
        source.save(
            update_fields=["last_error", "last_error_kind", "last_error_at", "consecutive_failures"]
        )
    log(logger, logging.WARNING, "poll failed", feed_url=endpoint.url, error=str(error))


def _items(endpoint: Endpoint, response: Response) -> tuple[list[Item], int | None]:
    """Parse the endpoint's document; returns its items and the feed's TTL in minutes."""
    if endpoint.kind == EndpointKind.SITEMAP:
        sitemap = parse_sitemap(response.content)
        for child in sitemap.sitemaps[-SITEMAP_CHILDREN:]:
            Endpoint.objects.get_or_create(
                url=child, defaults={"source_id": endpoint.source_id, "kind": EndpointKind.SITEMAP}
            )
        return [
            Item(url=u.url, title=u.news_title or "", published=u.news_published or u.lastmod)
            for u in sitemap.urls
        ], None
    feed = parse_feed(response.content, response.url)
    return [
        Item(
            url=i.url,
            title=i.title,
            guid=i.guid or "",
            summary=i.summary[:5000],
            published=i.published,
            section=i.section or "",
        )
        for i in feed.items
    ], feed.ttl_minutes


_MAX_URL = 1000


def _new_entries(endpoint: Endpoint, items: list[Item]) -> int:
    """Create an Entry for each item whose URL is new; returns how many were created.

    One query for the URLs already known and one insert for the rest, rather than a
    get-or-create per item: a feed of a hundred items is polled every few minutes and all
    but a few are known. The insert skips a URL another worker added meanwhile."""
    fresh: dict[str, Item] = {}
    for item in items:
        url = canonicalize_url(item.url)
        if len(url) <= _MAX_URL:  # longer ones are junk, and the column would refuse them
            fresh.setdefault(url, item)
    known = set(Entry.objects.filter(url__in=list(fresh)).values_list("url", flat=True))
    new = {url: item for url, item in fresh.items() if url not in known}
    if not new:
        return 0
    Entry.objects.bulk_create(
        [
            Entry(
                url=url,
                source_id=endpoint.source_id,
                endpoint=endpoint,
                guid=item.guid[:1000],
                feed_title=item.title,
                feed_summary=item.summary,
                feed_published=item.published,
                feed_section=item.section[:200],
            )
            for url, item in new.items()
        ],
        ignore_conflicts=True,
    )
    return Entry.objects.filter(url__in=list(new), endpoint=endpoint).count()


def _store_items(
    endpoint: Endpoint, response: Response, config: StageConfig, now: datetime
) -> int:
    items, ttl = _items(endpoint, response)
    with transaction.atomic():
        created = _new_entries(endpoint, items)
        endpoint.etag = response.etag or ""
        endpoint.last_modified = response.last_modified or ""
        max_age = response.max_age
        interval = next_poll_interval(
            timedelta(seconds=endpoint.poll_interval or endpoint.source.poll_interval),
            created,
            config.poll_bounds,
            ttl=timedelta(minutes=ttl) if ttl else None,
            max_age=timedelta(seconds=max_age) if max_age else None,
        )
        _mark_polled(endpoint, response.status, now, interval, response.elapsed)
    return created


def _mark_polled(
    endpoint: Endpoint, status: int, now: datetime, interval: timedelta, elapsed: float
) -> None:
    endpoint.attempts = 0
    endpoint.last_status = status
    endpoint.last_error = ""
    endpoint.last_polled_at = now
    endpoint.poll_interval = int(interval.total_seconds())
    endpoint.next_poll_at = now + interval
    endpoint.lease_until = None
    endpoint.save()
    # Health: last success, failures reset, and the fetch time folded into the source's mean.
    record_success(endpoint.source_id, now, elapsed * 1000 if elapsed else None)


def poll_due_endpoints(
    config: StageConfig,
    crawler: Crawler,
    now: datetime | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Poll every due endpoint of an enabled source; return how many new entries were found.
    When ``stop`` is set, the rows not yet handled are released for another process."""
    now = now or timezone.now()
    due = (
        Endpoint.objects.filter(next_poll_at__lte=now, source__enabled=True)
        .select_related("source")
        .order_by("next_poll_at")
    )
    endpoints = {
        e.pk: e
        for e in claim(due, now=now, lease_seconds=config.lease_seconds, limit=config.batch)
    }
    requests = [
        FetchRequest(
            e.url,
            etag=e.etag or None,
            last_modified=e.last_modified or None,
            key=e.pk,
            headers=tuple(request_headers(e.source).items()),
        )
        for e in endpoints.values()
    ]
    new = 0
    for endpoint, outcome in crawl_claimed(
        endpoints, requests, crawler, config.lease_seconds, stop
    ):
        if outcome.response is None:
            _record_failure(endpoint, outcome.error or FetchError("no response", url=endpoint.url), now)
            continue
        response = outcome.response
        if response.not_modified:
            with transaction.atomic():
                previous = timedelta(seconds=endpoint.poll_interval or endpoint.source.poll_interval)
                _mark_polled(
                    endpoint,
                    304,
                    now,
                    next_poll_interval(previous, 0, config.poll_bounds),
                    response.elapsed,
                )
            continue
        try:
            count = _store_items(endpoint, response, config, now)
        except ParseError as e:
            _record_failure(endpoint, e, now)
            continue
        new += count
        log(logger, logging.INFO, "polled", feed_url=endpoint.url, count=count)
    return new
