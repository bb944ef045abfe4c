"""Claiming staged work with a lease, so that any number of workers can share one database.

A claim sets ``lease_until``; a worker that dies simply lets its lease run out and another
worker claims the row again. On PostgreSQL rows are locked with ``FOR UPDATE SKIP LOCKED`` so
two workers never claim the same row; on SQLite the IMMEDIATE transaction serializes writers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from naql.fetch import Crawler, FetchOutcome, FetchRequest

M = TypeVar("M", bound=models.Model)


def claim(
    queryset: models.QuerySet[M], *, now: datetime, lease_seconds: float, limit: int
) -> list[M]:
    """Lease up to ``limit`` rows of ``queryset`` whose lease is free or expired."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    with transaction.atomic():
        qs = queryset.filter(free)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, of=("self",))
        rows = list(qs[:limit])
        if rows:
            until = now + timedelta(seconds=lease_seconds)
            queryset.model._default_manager.filter(pk__in=[r.pk for r in rows]).update(
                lease_until=until
            )
    return rows


class LeaseKeeper:
    """Renews the leases of claimed rows that are still being worked on.

    Why: a batch can take longer than one lease on a loaded machine; without renewal another
    worker would take the same rows over and do the work twice. Renewal happens at most every
    third of a lease, so it costs one UPDATE per few seconds, not one per row.
    """

    def __init__(self, model: type[models.Model], lease_seconds: float) -> None:
        self.model = model
        self.lease_seconds = lease_seconds
        self._next = time.monotonic() + lease_seconds / 3

    def keep(self, pending: set[int]) -> None:
        """Extend the lease of every row in ``pending`` if a third of the lease has passed."""
        if not pending or time.monotonic() < self._next:
            return
        until = timezone.now() + timedelta(seconds=self.lease_seconds)
        self.model._default_manager.filter(pk__in=pending).update(lease_until=until)
        self._next = time.monotonic() + self.lease_seconds / 3


def crawl_claimed(
    rows: dict[int, M],
    requests: list[FetchRequest],
    crawler: Crawler,
    lease_seconds: float,
    stop: threading.Event | None = None,
) -> Iterator[tuple[M, FetchOutcome]]:
    """Fetch the claimed ``rows`` (request keys are their pks) and yield each with its outcome,
    renewing the leases of the rows still waiting; when ``stop`` is set, release those rows
    for another process and end."""
    if not rows:
        return
    pending = set(rows)
    model = type(next(iter(rows.values())))
    keeper = LeaseKeeper(model, lease_seconds)
    for outcome in crawler.crawl(requests):
        keeper.keep(pending)
        if stop is not None and stop.is_set():
            model._default_manager.filter(pk__in=pending).update(lease_until=None)
            return
        row = rows[int(str(outcome.request.key))]
        pending.discard(row.pk)
        yield row, outcome
