"""Claiming staged work with a lease, so that any number of workers can share one database.

A claim sets ``lease_until``; a worker that dies simply lets its lease run out and another
worker claims the row again. On PostgreSQL rows are locked with ``FOR UPDATE SKIP LOCKED`` so
two workers never claim the same row; on SQLite the IMMEDIATE transaction serializes writers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from naql.fetch import Crawler, FetchOutcome, FetchRequest

M = TypeVar("M", bound=models.Model)


def claim(
    queryset: models.QuerySet[M],
    *,
    now: datetime,
    lease_seconds: float,
    limit: int,
    spread: tuple[str, Callable[[Any], Hashable]] | None = None,
) -> list[M]:
    """Lease up to ``limit`` rows of ``queryset`` whose lease is free or expired.

    ``spread`` — a field and a function of its value — groups rows (e.g. by the URL's host):
    the batch then takes rows from each group in turn, in the queryset's order within a group. Why: a poll leaves a feed's entries due at
    the same moment, and a batch of fifty entries from one host is fetched one by one at that
    host's pace while every other host waits for the next batch."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    qs = queryset.filter(free)
    with transaction.atomic():
        if spread is not None:
            field, key = spread
            candidates = qs.values_list("pk", field)[: limit * _SPREAD_LOOKAHEAD]
            chosen = _round_robin([(pk, key(value)) for pk, value in candidates], limit)
            qs = qs.filter(pk__in=chosen)
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, of=("self",))
        rows = list(qs[:limit])
        if rows:
            until = now + timedelta(seconds=lease_seconds)
            queryset.model._default_manager.filter(pk__in=[r.pk for r in rows]).update(
                lease_until=until
            )
    return rows


# How far ahead of the batch ``claim(spread=…)`` looks for rows of other groups.
_SPREAD_LOOKAHEAD = 20


def _round_robin(rows: list[tuple[int, Hashable]], limit: int) -> list[int]:
    """Up to ``limit`` pks, one from each group in turn, in order within each group."""
    groups: dict[Hashable, list[int]] = {}
    for pk, group in rows:
        groups.setdefault(group, []).append(pk)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < limit and len(chosen) < len(rows):
        for pks in groups.values():
            if depth < len(pks) and len(chosen) < limit:
                chosen.append(pks[depth])
        depth += 1
    return chosen


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
