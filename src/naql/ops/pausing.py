"""Pause and resume sources, for the admin's actions and ``naql sources pause|resume``.

Pausing is ``enabled = False``: the stages skip a disabled source's endpoints and entries, so
nothing more is fetched until it is resumed; resuming makes its endpoints due at once.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from naql.sources.models import Endpoint, Source


def pause_sources(queryset: QuerySet[Source]) -> int:
    """Stop polling these sources; returns how many were running."""
    return queryset.filter(enabled=True).update(enabled=False)


def resume_sources(queryset: QuerySet[Source]) -> int:
    """Poll these sources again, starting now; returns how many were paused."""
    with transaction.atomic():
        ids = list(queryset.filter(enabled=False).values_list("pk", flat=True))
        Source.objects.filter(pk__in=ids).update(enabled=True)
        Endpoint.objects.filter(source_id__in=ids).update(next_poll_at=timezone.now())
    return len(ids)
