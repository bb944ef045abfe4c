"""Adaptive polling: quiet feeds drift to the maximum, busy ones to the minimum, hints respected."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from naql.fetch import PollBounds, next_poll_interval

BOUNDS = PollBounds(minimum=timedelta(minutes=5), maximum=timedelta(hours=6))


def test_quiet_feed_slows_down_to_the_maximum() -> None:
    interval = timedelta(minutes=15)
    seen = [interval]
    for _ in range(20):
        interval = next_poll_interval(interval, 0, BOUNDS)
        seen.append(interval)
    assert seen == sorted(seen)
    assert interval == BOUNDS.maximum


def test_busy_feed_speeds_up_to_the_minimum() -> None:
    interval = timedelta(hours=2)
    assert next_poll_interval(interval, 3, BOUNDS) == timedelta(hours=1)
    assert next_poll_interval(interval, 8, BOUNDS) == timedelta(minutes=30)
    assert next_poll_interval(interval, 1, BOUNDS) == interval
    for _ in range(10):
        interval = next_poll_interval(interval, 10, BOUNDS)
    assert interval == BOUNDS.minimum


def test_publisher_hints_are_floors() -> None:
    assert next_poll_interval(
        timedelta(minutes=10), 9, BOUNDS, ttl=timedelta(minutes=60)
    ) == timedelta(minutes=60)
    assert next_poll_interval(
        timedelta(minutes=10), 9, BOUNDS, max_age=timedelta(minutes=20)
    ) == timedelta(minutes=20)
    assert (
        next_poll_interval(timedelta(minutes=10), 0, BOUNDS, ttl=timedelta(days=3))
        == BOUNDS.maximum
    )


@settings(deadline=None)
@given(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    st.integers(min_value=-5, max_value=10_000),
    st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
)
def test_always_within_bounds(previous: timedelta, new_items: int, ttl: timedelta | None) -> None:
    assert (
        BOUNDS.minimum <= next_poll_interval(previous, new_items, BOUNDS, ttl=ttl) <= BOUNDS.maximum
    )
