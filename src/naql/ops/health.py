"""Source health: what the dashboard, ``naql health`` and the metrics report per source.

Why a value object per source rather than template logic: the same judgement (is it broken,
how badly, what to sort by) must read the same in the admin, the CLI's JSON and the metrics.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from naql.news.models import Article
from naql.sources.models import Source

DAYS = 30


class Status:
    """A source's state, worst first (the dashboard sorts by this order)."""

    FAILING = "failing"
    DEGRADED = "degraded"
    SILENT = "silent"
    PAUSED = "paused"
    OK = "ok"
    ORDER = (FAILING, DEGRADED, SILENT, PAUSED, OK)


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One source's health at ``now``. ``daily`` holds article counts, oldest day first."""

    slug: str
    name: str
    pk: int
    status: str
    enabled: bool
    consecutive_failures: int
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    last_error_kind: str
    next_poll_at: datetime | None
    rejected: dict[str, int]
    mean_fetch_ms: float | None
    daily: tuple[int, ...]
    days: tuple[date, ...] = field(repr=False)

    @property
    def articles_30d(self) -> int:
        return sum(self.daily)

    def as_json(self) -> dict[str, Any]:
        """The ``naql health --json`` shape of one source."""
        return {
            "slug": self.slug,
            "name": self.name,
            "status": self.status,
            "enabled": self.enabled,
            "consecutive_failures": self.consecutive_failures,
            "last_success_at": self.last_success_at,
            "last_error_at": self.last_error_at,
            "last_error": self.last_error or None,
            "last_error_kind": self.last_error_kind or None,
            "next_poll_at": self.next_poll_at,
            "rejected": self.rejected,
            "mean_fetch_ms": round(self.mean_fetch_ms) if self.mean_fetch_ms is not None else None,
            "articles_30d": self.articles_30d,
            "daily": list(self.daily),
        }


def _status(source: Source, recent: int) -> str:
    if not source.enabled:
        return Status.PAUSED
    if not source.healthy:
        return Status.FAILING
    if source.consecutive_failures > 0:
        return Status.DEGRADED
    if source.last_success_at is not None and recent == 0:
        return Status.SILENT
    return Status.OK


def _daily_counts(days: tuple[date, ...]) -> dict[int, dict[date, int]]:
    """Articles per source per local day over ``days`` (by fetch time: what we took in)."""
    start = timezone.make_aware(datetime.combine(days[0], datetime.min.time()))
    rows = (
        Article.objects.filter(fetched_at__gte=start)
        .annotate(day=TruncDate("fetched_at"))
        .values("source_id", "day")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[date, int]] = defaultdict(dict)
    for row in rows:
        counts[row["source_id"]][row["day"]] = row["n"]
    return counts


def source_health(now: datetime | None = None, days: int = DAYS) -> list[SourceHealth]:
    """Every source's health, broken sources first, then by name."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    span = tuple(today - timedelta(days=days - 1 - i) for i in range(days))
    counts = _daily_counts(span)
    sources = Source.objects.annotate(next_poll=Min("endpoints__next_poll_at")).order_by("name")
    report = []
    for s in sources:
        daily = tuple(counts.get(s.pk, {}).get(d, 0) for d in span)
        report.append(
            SourceHealth(
                slug=s.slug,
                name=s.name,
                pk=s.pk,
                status=_status(s, sum(daily[-7:])),
                enabled=s.enabled,
                consecutive_failures=s.consecutive_failures,
                last_success_at=s.last_success_at,
                last_error_at=s.last_error_at,
                last_error=s.last_error,
                last_error_kind=s.last_error_kind,
                next_poll_at=s.next_poll if s.enabled else None,
                rejected={str(k): int(v) for k, v in (s.rejected_counts or {}).items()},
                mean_fetch_ms=s.mean_fetch_ms,
                daily=daily,
                days=span,
            )
        )
    report.sort(key=lambda h: (Status.ORDER.index(h.status), -h.consecutive_failures, h.name))
    return report
