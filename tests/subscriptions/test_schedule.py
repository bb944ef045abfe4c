"""When editions fall due: local hours in the subscriber's zone, across DST, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from naql.subscriptions.schedule import next_daily, next_instant, next_weekly


def test_daily_is_the_next_local_hour_in_the_subscribers_zone() -> None:
    after = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)  # 06:30 in Riyadh
    assert next_daily(after, 7, "Asia/Riyadh") == datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
    assert next_daily(after, 6, "Asia/Riyadh") == datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def test_daily_keeps_the_local_hour_across_a_dst_change() -> None:
    zone = ZoneInfo("Europe/London")
    before = datetime(2026, 10, 24, 5, 0, tzinfo=UTC)  # 06:00 BST; clocks go back on 25 October
    first = next_daily(before, 7, "Europe/London")
    second = next_daily(first, 7, "Europe/London")
    assert first.astimezone(zone).hour == 7
    assert second.astimezone(zone).hour == 7
    assert (second - first).total_seconds() == 25 * 3600


def test_due_time_is_strictly_after_the_given_time() -> None:
    at_seven = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
    assert next_daily(at_seven, 7, "Asia/Riyadh") == datetime(2026, 11, 28, 4, 0, tzinfo=UTC)
    assert next_instant(datetime(2026, 11, 27, 4, 5, tzinfo=UTC)) == datetime(
        2026, 11, 27, 4, 10, tzinfo=UTC
    )


def test_weekly_lands_on_the_chosen_local_weekday() -> None:
    after = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # a Friday
    due = next_weekly(after, 0, 8, "Africa/Cairo")  # Monday 08:00 Cairo
    local = due.astimezone(ZoneInfo("Africa/Cairo"))
    assert (local.weekday(), local.hour) == (0, 8)
    assert 0 < (due - after).days < 7
