"""Claiming staged work with a lease, so that any number of workers can share one database.

A claim sets ``lease_until``; a worker that dies simply lets its lease run out and another
worker claims the row again. On PostgreSQL rows are locked with ``FOR UPDATE SKIP LOCKED`` so
two workers never claim the same row; on SQLite the IMMEDIATE transaction serializes writers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from django.db import connection, models, transaction
from django.db.models import Q

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
