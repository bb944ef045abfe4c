"""Adaptive poll intervals: quiet feeds are polled less, busy ones more, within bounds.

Why multiplicative steps: a feed's publishing rate changes by orders of magnitude between
night and a breaking story; halving and growing by half converge in a few polls either way,
and the bounds keep a dead feed checked daily and a busy one no more than the floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class PollBounds:
    """The range a source's poll interval stays in."""

    minimum: timedelta = timedelta(minutes=5)
    maximum: timedelta = timedelta(hours=6)


def next_poll_interval(
    previous: timedelta,
    new_items: int,
    bounds: PollBounds,
    ttl: timedelta | None = None,
    max_age: timedelta | None = None,
) -> timedelta:
    """The interval before the next poll of a feed.

    ``new_items`` is how many items were new in the poll just done: none lengthens the
    interval by half, one keeps it, several shorten it (halved for 2–4, quartered for 5+).
    The publisher's own hints — RSS ``<ttl>`` and ``Cache-Control: max-age`` — are floors:
    we never poll sooner than they allow, though never beyond ``bounds.maximum`` either."""
    if new_items <= 0:
        nxt = previous * 1.5
    elif new_items == 1:
        nxt = previous
    elif new_items < 5:
        nxt = previous / 2
    else:
        nxt = previous / 4
    nxt = max(bounds.minimum, min(bounds.maximum, nxt))
    for hint in (ttl, max_age):
        if hint is not None and hint > nxt:
            nxt = min(hint, bounds.maximum)
    return nxt
