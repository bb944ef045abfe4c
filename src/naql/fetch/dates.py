"""Dates as feeds and sitemaps write them → aware UTC datetimes.

Why two parsers only: RFC 822 (RSS) and ISO 8601 (Atom, JSON Feed, sitemaps, Dublin Core)
cover the feeds we read; anything else is kept as "no date" rather than guessed wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|GMT|UTC|UT|Z)?\s*$"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _rfc822(value: str) -> datetime | None:
    """The RSS date shapes outlets actually send, without the email parser's generality
    (which costs more than the rest of reading an item); None sends it to the full parser."""
    m = _RFC822.match(value)
    if m is None:
        return None
    day, mon, year, hour, minute, sec, sign, oh, om = m.groups()
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    zone = UTC
    if sign:
        offset = timedelta(hours=int(oh), minutes=int(om))
        zone = timezone(-offset if sign == "-" else offset)
    try:
        return datetime(
            int(year), month, int(day), int(hour), int(minute), int(sec or 0), tzinfo=zone
        )
    except ValueError:
        return None


def parse_date(value: str | None) -> datetime | None:
    """An aware UTC datetime, or None when the value is absent or unreadable. A date without
    a zone is taken as UTC (what sitemaps' bare ``YYYY-MM-DD`` means in practice)."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    when: datetime | None = None
    if value[:4].isdigit():
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            when = None
    if when is None:
        when = _rfc822(value)
    if when is None:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
