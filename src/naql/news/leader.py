"""One scheduler at a time, across any number of processes and hosts sharing the database.

A row in ``Lease`` names the holder and how long its claim lasts; the holder renews it every
cycle. Another process takes over only once the lease has run out, so a scheduler that dies
is replaced within one lease length, and two never run at once as long as clocks agree to
within the lease margin.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from naql.news.models import Lease

SCHEDULER = "scheduler"


def acquire(name: str, holder: str, *, now: datetime, seconds: float) -> bool:
    """Take or renew lease ``name`` for ``holder``; True when ``holder`` now holds it."""
    until = now + timedelta(seconds=seconds)
    with transaction.atomic():
        updated = Lease.objects.filter(
            Q(name=name) & (Q(holder=holder) | Q(until__lt=now))
        ).update(holder=holder, until=until)
        if updated:
            return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, until=until)
    except IntegrityError:
        return False
    return True


def release(name: str, holder: str) -> None:
    """Give the lease up at shutdown so a successor need not wait for it to expire."""
    Lease.objects.filter(name=name, holder=holder).delete()


def holder_of(name: str, *, now: datetime) -> str | None:
    """Who holds lease ``name`` now, if anyone."""
    lease = Lease.objects.filter(name=name, until__gte=now).first()
    return lease.holder if lease else None
