"""Backfill: a source's older articles, from its sitemaps, through the normal stages.

Why sitemaps: feeds list only the newest items, while a site's sitemaps (often an index of
monthly or daily sitemaps) list every page with its date. Backfill reads them, keeps the URLs
dated within the asked range, stores them as Entries, and lets the extract and publish stages
do the rest exactly as for polled entries: the same politeness, rules, dedupe and stories.

Sitemaps are fetched one at a time with the source's User-Agent, honouring its robots.txt and
the per-host delay; each fetch's time is folded into the source's mean fetch time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from naql.errors import FetchError, InputError, ParseError
from naql.fetch import Fetcher, FetchPolicy, SitemapUrl, canonicalize_url, parse_sitemap
from naql.fetch.robots import RobotsRules, robots_url, rules_from_outcome
from naql.logs import log
from naql.news.copydesk import CopyDesk
from naql.news.models import Article, Entry, StageState
from naql.news.stages import StageConfig, extract_due_entries, publish_due_articles
from naql.sources.fetching import fetch_policy, record_fetch_time
from naql.sources.hostgate import worker_crawler
from naql.sources.models import EndpointKind, Source

logger = logging.getLogger(__name__)

MAX_SITEMAPS = 500
"""A sitemap index can nest years of sitemaps; a backfill reads at most this many."""


@dataclass(frozen=True, slots=True)
class Window:
    """The dates to backfill, inclusive; None leaves that side open."""

    since: datetime | None = None
    until: datetime | None = None

    def __contains__(self, when: datetime | None) -> bool:
        if when is None:
            return self.since is None and self.until is None
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until
        )


@dataclass(frozen=True, slots=True)
class SitemapRead:
    """One sitemap fetched: how many page URLs and child sitemaps it listed, or its error."""

    url: str
    urls: int = 0
    children: int = 0
    error: str = ""


@dataclass(slots=True)
class BackfillReport:
    """What a backfill found and what became of it (the ``--json`` document)."""

    source: str
    window: Window
    sitemaps: list[SitemapRead] = field(default_factory=list)
    listed: int = 0
    in_range: int = 0
    undated: int = 0
    new_entries: int = 0
    already_known: int = 0
    articles: int = 0
    published: int = 0
    rejected: int = 0
    failed: int = 0
    pending: int = 0
    truncated: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "since": self.window.since,
            "until": self.window.until,
            "sitemaps": [
                {"url": s.url, "urls": s.urls, "children": s.children, "error": s.error or None}
                for s in self.sitemaps
            ],
            "listed": self.listed,
            "in_range": self.in_range,
            "undated": self.undated,
            "new_entries": self.new_entries,
            "already_known": self.already_known,
            "articles": self.articles,
            "published": self.published,
            "rejected": self.rejected,
            "failed": self.failed,
            "pending": self.pending,
            "truncated": self.truncated,
        }


Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phases ``sitemaps`` then ``articles``."""


def _quiet(phase: str, done: int, total: int) -> None:
    return None


class _SitemapReader:
    """Fetches sitemaps of one site politely: robots.txt first, then one at a time."""

    def __init__(self, fetcher: Fetcher, source: Source, delay: float) -> None:
        self.fetcher = fetcher
        self.source = source
        self.delay = delay
        self._last = 0.0
        self._robots: dict[str, RobotsRules] = {}

    def _pace(self) -> None:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def robots(self, url: str) -> RobotsRules:
        key = robots_url(url)
        if key not in self._robots:
            self._pace()
            try:
                self._robots[key] = rules_from_outcome(self.fetcher.get(key))
            except FetchError as e:
                self._robots[key] = rules_from_outcome(e)
            self._last = time.monotonic()
        return self._robots[key]

    def read(self, url: str) -> tuple[SitemapRead, list[SitemapUrl], list[str]]:
        rules = self.robots(url)
        if not rules.allows(url, self.fetcher.policy.user_agent):
            return SitemapRead(url, error="robots.txt disallows this sitemap"), [], []
        self._pace()
        started = time.monotonic()
        try:
            response = self.fetcher.get(url)
        except FetchError as e:
            return SitemapRead(url, error=f"{e.kind}: {e}"), [], []
        finally:
            self._last = time.monotonic()
        record_fetch_time(self.source.pk, (self._last - started) * 1000)
        try:
            sitemap = parse_sitemap(response.content)
        except ParseError as e:
            return SitemapRead(url, error=f"{type(e).__name__}: {e}"), [], []
        children = [urljoin(response.url, c) for c in sitemap.sitemaps]
        return SitemapRead(url, len(sitemap.urls), len(children)), list(sitemap.urls), children


def sitemap_roots(source: Source, reader: _SitemapReader) -> list[str]:
    """Where a source's sitemaps start: its sitemap endpoints, else the ``Sitemap:`` lines of
    its robots.txt, else ``/sitemap.xml`` at its homepage."""
    roots = [e.url for e in source.endpoints.filter(kind=EndpointKind.SITEMAP).order_by("id")]
    roots += [u for u in reader.robots(source.homepage).sitemaps() if u not in roots]
    return roots or [urljoin(source.homepage, "/sitemap.xml")]


def _walk(
    reader: _SitemapReader, roots: list[str], report: BackfillReport, progress: Progress
) -> Iterator[SitemapUrl]:
    queue, seen = list(roots), set(roots)
    while queue:
        if len(report.sitemaps) >= MAX_SITEMAPS:
            report.truncated = True
            return
        url = queue.pop(0)
        read, urls, children = reader.read(url)
        report.sitemaps.append(read)
        for child in children:
            if child not in seen:
                seen.add(child)
                queue.append(child)
        progress("sitemaps", len(report.sitemaps), len(report.sitemaps) + len(queue))
        yield from urls


def _candidates(
    reader: _SitemapReader,
    roots: list[str],
    window: Window,
    report: BackfillReport,
    progress: Progress,
) -> list[tuple[str, SitemapUrl, datetime | None]]:
    """Page URLs in the window, newest first, each once."""
    found: dict[str, tuple[str, SitemapUrl, datetime | None]] = {}
    for item in _walk(reader, roots, report, progress):
        report.listed += 1
        when = item.news_published or item.lastmod
        if when is not None and timezone.is_naive(when):
            when = when.replace(tzinfo=UTC)
        if when is None and (window.since or window.until):
            report.undated += 1
            continue
        if when not in window:
            continue
        try:
            url = canonicalize_url(item.url)
        except ValueError:
            continue
        found.setdefault(url, (url, item, when))
    oldest = timezone.make_aware(datetime.min.replace(year=1970))
    return sorted(found.values(), key=lambda c: c[2] or oldest, reverse=True)


def _store_entries(
    source: Source, candidates: list[tuple[str, SitemapUrl, datetime | None]]
) -> tuple[list[int], int]:
    """Create the Entries not known yet; returns their ids and how many were known."""
    ids: list[int] = []
    known = 0
    for url, item, when in candidates:
        try:
            with transaction.atomic():
                entry, created = Entry.objects.get_or_create(
                    url=url,
                    defaults={
                        "source": source,
                        "feed_title": item.news_title or "",
                        "feed_published": when,
                    },
                )
        except IntegrityError:
            created = False
        if created:
            ids.append(entry.pk)
        else:
            known += 1
    return ids, known


def _run_stages(ids: list[int], config: StageConfig, progress: Progress) -> None:
    """Extract and publish until none of ``ids`` (nor their articles) is due any more:
    failures wait for their retry, as in any ingest. Stops too when a pass changes nothing
    (another worker holds the rest). Other sources' due work is done on the way."""
    entries = Entry.objects.filter(pk__in=ids)
    articles = Article.objects.filter(entry_id__in=ids)
    desk = CopyDesk()
    progress("articles", 0, len(ids))
    before: tuple[int, int, int] | None = None
    with worker_crawler(config.policy) as crawler:
        while True:
            extract_due_entries(config, crawler, timezone.now())
            publish_due_articles(config, timezone.now(), desk=desk)
            now = timezone.now()
            pending = Q(state=StageState.PENDING, next_attempt_at__lte=now)
            done = entries.exclude(state=StageState.PENDING).count()
            progress("articles", done, len(ids))
            # Other sources' due entries may come first: any change anywhere is progress.
            after = (done, articles.filter(pending).count(), Entry.objects.filter(pending).count())
            if after == before or not (entries.filter(pending).exists() or after[1]):
                return
            before = after


def backfill(
    source: Source,
    window: Window,
    config: StageConfig,
    *,
    sitemaps: list[str] | None = None,
    limit: int | None = None,
    progress: Progress = _quiet,
) -> BackfillReport:
    """Read the source's sitemaps, queue the pages dated in ``window`` (newest first, at most
    ``limit``) and run them through the extract and publish stages."""
    if not source.enabled:
        raise InputError(
            f"source {source.slug!r} is paused; resume it first (`naql sources resume "
            f"{source.slug}`) so its pages may be fetched"
        )
    report = BackfillReport(source.slug, window)
    policy: FetchPolicy = fetch_policy(source, config.policy)
    with Fetcher(policy) as fetcher:
        reader = _SitemapReader(fetcher, source, policy.pace.min_delay)
        roots = sitemaps or sitemap_roots(source, reader)
        candidates = _candidates(reader, roots, window, report, progress)
    report.in_range = len(candidates)
    if limit is not None:
        candidates = candidates[:limit]
    ids, report.already_known = _store_entries(source, candidates)
    report.new_entries = len(ids)
    log(logger, logging.INFO, "backfill queued", source=source.slug, count=len(ids))
    if ids:
        _run_stages(ids, config, progress)
    states = dict(Entry.objects.filter(pk__in=ids).values_list("state").annotate(n=Count("id")))
    report.rejected = states.get(StageState.REJECTED, 0)
    report.failed = states.get(StageState.FAILED, 0)
    report.pending = states.get(StageState.PENDING, 0)
    articles = Article.objects.filter(entry_id__in=ids)
    report.articles = articles.count()
    report.published = articles.filter(state=StageState.DONE).count()
    return report
