"""Pause and resume sources, for the admin's actions and ``naql sources pause|resume``.

Pausing is ``enabled = False``: the stages skip a disabled source's endpoints and entries, so
nothing more is fetched until it is resumed; resuming makes its endpoints due at once.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from naql.logs import log
from naql.sources.models import Endpoint, Source

logger = logging.getLogger(__name__)


def pause_sources(queryset: QuerySet[Source]) -> int:
    """Stop polling these sources; returns how many were running."""
    with transaction.atomic():
        slugs = list(queryset.filter(enabled=True).values_list("slug", flat=True))
        for source in Source.objects.filter(slug__in=slugs):
            # A save, not update(): the site's signal receivers refresh the pages that list
            # the sources followed (a handful of rows, so the per-row saves cost nothing).
            source.enabled = False
            source.save(update_fields=["enabled"])
    for slug in slugs:
        log(logger, logging.INFO, "source paused", source=slug)
    return len(slugs)


def resume_sources(queryset: QuerySet[Source]) -> int:
    """Poll these sources again, starting now; returns how many were paused."""
    with transaction.atomic():
        rows = list(queryset.filter(enabled=False).values_list("pk", "slug"))
        ids = [pk for pk, _ in rows]
        for source in Source.objects.filter(pk__in=ids):
            source.enabled = True
            source.save(update_fields=["enabled"])
        Endpoint.objects.filter(source_id__in=ids).update(next_poll_at=timezone.now())
    for _, slug in rows:
        log(logger, logging.INFO, "source resumed", source=slug)
    return len(rows)
