"""When a subscriber's next edition is due, in UTC, from their frequency, hour and time zone.

Pure functions of their inputs (no clock reads) so that ``send_due(now)`` is reproducible and a
test can walk time forward.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

INSTANT_BATCH = timedelta(minutes=5)


def next_instant(after: datetime) -> datetime:
    """The next batch boundary strictly after ``after``: instant mail goes out every 5 minutes."""
    step = int(INSTANT_BATCH.total_seconds())
    epoch = int(after.timestamp())
    return datetime.fromtimestamp(epoch - epoch % step + step, tz=UTC)


def next_daily(after: datetime, hour: int, zone: str) -> datetime:
    """The next ``hour``:00 in ``zone`` strictly after ``after``, in UTC."""
    tz = ZoneInfo(zone)
    local = after.astimezone(tz)
    candidate = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    while candidate.astimezone(UTC) <= after.astimezone(UTC):
        candidate = (candidate + timedelta(days=1)).replace(hour=hour)
    return candidate.astimezone(UTC)


def next_weekly(after: datetime, weekday: int, hour: int, zone: str) -> datetime:
    """The next ``weekday`` (0 = Monday) at ``hour``:00 in ``zone`` strictly after ``after``."""
    candidate = next_daily(after, hour, zone)
    tz = ZoneInfo(zone)
    while candidate.astimezone(tz).weekday() != weekday:
        candidate = next_daily(candidate, hour, zone)
    return candidate


def next_due(frequency: str, after: datetime, hour: int, zone: str, weekday: int) -> datetime:
    """Dispatch on ``frequency`` ("instant", "daily", "weekly")."""
    if frequency == "instant":
        return next_instant(after)
    if frequency == "weekly":
        return next_weekly(after, weekday, hour, zone)
    return next_daily(after, hour, zone)
