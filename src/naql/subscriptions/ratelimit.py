"""Fixed-window rate limits counted in the database, shared by every web process.

Keys are HMACs of the IP or address, so the table holds no personal data in clear and old rows
can be kept or dropped without a privacy review.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from naql.subscriptions.models import RateCounter


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` hits per ``window`` for one key of kind ``name``."""

    name: str
    count: int
    window: timedelta


def hashed_key(name: str, value: str) -> str:
    """A stable, non-reversible key for ``value`` (an IP or an address)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{name}:{digest[:40]}"


def _window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(limit: Limit, value: str, now: datetime) -> bool:
    """Count one hit; True while the key is within its limit, False once it is over."""
    key = hashed_key(limit.name, value)
    start = _window_start(now, limit.window)
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:  # another request created it first: count on that row
                RateCounter.objects.filter(key=key, window_start=start).update(
                    count=F("count") + 1
                )
        count = RateCounter.objects.get(key=key, window_start=start).count
    return count <= limit.count


def retry_after(limit: Limit, now: datetime) -> int:
    """Seconds until the current window of ``limit`` ends."""
    end = _window_start(now, limit.window) + limit.window
    return max(1, int((end - now).total_seconds()))


def prune(before: datetime) -> int:
    """Drop counters of windows that started before ``before``; returns how many."""
    deleted, _ = RateCounter.objects.filter(window_start__lt=before).delete()
    return deleted
