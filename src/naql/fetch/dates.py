"""Dates as feeds and sitemaps write them → aware UTC datetimes.

Why two parsers only: RFC 822 (RSS) and ISO 8601 (Atom, JSON Feed, sitemaps, Dublin Core)
cover the feeds we read; anything else is kept as "no date" rather than guessed wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


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
