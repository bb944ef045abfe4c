"""What ``/healthz`` and ``naql health`` report about the site as a whole.

Why queue depth counts rows and not task-queue messages: the database is the truth and the
task queue only carries hints, so "how much work is due" is a question for the stage tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Min
from django.utils import timezone

from naql.news import leader
from naql.news.models import Article, Entry, StageState, WorkerBeat
from naql.sources.models import Endpoint

# A worker beats at least once per pass; one silent for this long is taken for dead.
WORKER_SILENCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class StageQueue:
    """Due work of one stage: how many rows, and how long the oldest has waited."""

    stage: str
    due: int
    lag_seconds: float


@dataclass(frozen=True, slots=True)
class SiteHealth:
    """The site's vital signs; ``ok`` is what a load balancer or a monitor checks."""

    database: bool
    queues: tuple[StageQueue, ...]
    error: str = ""
    # Workers whose heartbeat is fresh, and who holds the scheduler lease (if anyone).
    workers: tuple[str, ...] = ()
    scheduler: str | None = None

    @property
    def ok(self) -> bool:
        return self.database

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "database": "ok" if self.database else "unreachable",
            "error": self.error or None,
            "queue": {q.stage: {"due": q.due, "lag_seconds": q.lag_seconds} for q in self.queues},
            "queue_depth": sum(q.due for q in self.queues),
            "workers": {"alive": len(self.workers), "names": list(self.workers)},
            "scheduler": self.scheduler,
        }


def _queue(stage: str, rows: Any, field: str, now: datetime) -> StageQueue:
    oldest = rows.aggregate(oldest=Min(field))["oldest"]
    lag = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
    return StageQueue(stage, rows.count(), round(lag, 1))


def stage_queues(now: datetime | None = None) -> tuple[StageQueue, ...]:
    """Due rows per stage: endpoints to poll, entries to fetch, articles to publish."""
    now = now or timezone.now()
    return (
        _queue(
            "poll",
            Endpoint.objects.filter(next_poll_at__lte=now, source__enabled=True),
            "next_poll_at",
            now,
        ),
        _queue(
            "extract",
            Entry.objects.filter(
                state=StageState.PENDING, next_attempt_at__lte=now, source__enabled=True
            ),
            "next_attempt_at",
            now,
        ),
        _queue(
            "publish",
            Article.objects.filter(state=StageState.PENDING, next_attempt_at__lte=now),
            "next_attempt_at",
            now,
        ),
    )


def site_health(now: datetime | None = None) -> SiteHealth:
    """Check the database answers, then measure the queues; never raises for a dead database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        now = now or timezone.now()
        alive = WorkerBeat.objects.filter(last_seen_at__gte=now - WORKER_SILENCE).order_by("name")
        return SiteHealth(
            database=True,
            queues=stage_queues(now),
            workers=tuple(alive.values_list("name", flat=True)),
            scheduler=leader.holder_of(leader.SCHEDULER, now=now),
        )
    except DatabaseError as e:
        return SiteHealth(database=False, queues=(), error=f"{type(e).__name__}: {e}")
