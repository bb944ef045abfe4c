"""Per-host pacing and backoff: the arithmetic, apart from any I/O so it can be tested alone.

The rule (see docs/design/how-does-naql-pace-requests-per-host.md): a host's next request may
start no sooner than ``delay`` after its previous request *finished* (or, with
``PacePolicy.spacing="start"``, after it started), where ``delay`` is the larger of the
policy's minimum and robots.txt's Crawl-delay. After a transient error the host
backs off exponentially with jitter (capped), and never sooner than its Retry-After.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from naql.fetch.policy import PacePolicy

_MAX_RETRY_AFTER = 86_400.0
"""A Retry-After is honoured up to a day; beyond that it is a misconfiguration."""


def backoff_delay(failures: int, policy: PacePolicy, rng: random.Random) -> float:
    """Seconds to wait after ``failures`` consecutive failures: ``base * 2**(n-1)`` capped at
    ``backoff_cap``, scaled by a random factor in [0.5, 1] so hosts that failed together do
    not all come back together."""
    if failures <= 0:
        return 0.0
    raw = min(policy.backoff_cap, policy.backoff_base * 2.0 ** min(failures - 1, 30))
    return float(raw * (0.5 + 0.5 * rng.random()))


@dataclass(slots=True)
class HostPace:
    """Mutable schedule of one host; owned by a ``Pacer`` and touched from one event loop."""

    delay: float
    next_start: float = 0.0
    failures: int = 0
    in_flight: int = 0


class Pacer:
    """Owns every host's schedule. Not thread-safe: used from the crawler's event loop only.

    ``clock`` is a monotonic clock in seconds (injectable so backoff can be tested without
    sleeping); ``rng`` gives the jitter."""

    def __init__(
        self,
        policy: PacePolicy,
        clock: Callable[[], float],
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._rng = rng or random.Random()
        self._hosts: dict[str, HostPace] = {}

    def host(self, key: str) -> HostPace:
        """The schedule of ``key`` (an origin), created on first use."""
        pace = self._hosts.get(key)
        if pace is None:
            pace = self._hosts[key] = HostPace(delay=self.policy.min_delay)
        return pace

    def set_crawl_delay(self, key: str, crawl_delay: float | None) -> None:
        """Apply robots.txt's Crawl-delay, clamped to ``[min_delay, max_crawl_delay]``."""
        wanted = min(crawl_delay or 0.0, self.policy.max_crawl_delay)
        pace = self.host(key)
        delay = max(self.policy.min_delay, wanted)
        # The robots.txt request itself was paced with the old delay: the next start moves
        # out by the difference, so the first page after it is spaced by the new one.
        pace.next_start += max(0.0, delay - pace.delay)
        pace.delay = delay

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may start a request (0 when it may start now)."""
        pace = self.host(key)
        if pace.in_flight >= self.policy.per_host:
            return max(pace.delay, pace.next_start - self._clock())
        return max(0.0, pace.next_start - self._clock())

    def start(self, key: str) -> None:
        """Record that a request to ``key`` starts now; call only when ``wait`` is 0."""
        pace = self.host(key)
        pace.in_flight += 1
        pace.next_start = self._clock() + pace.delay

    def finish(self, key: str, *, failed: bool, retry_after: float | None = None) -> None:
        """Record the end of a request: its answer (or failure) pushes the next start to at
        least ``delay`` from now; a failure adds backoff, Retry-After a floor."""
        pace = self.host(key)
        pace.in_flight = max(0, pace.in_flight - 1)
        now = self._clock()
        gap = pace.delay if self.policy.spacing == "answer" else 0.0
        if failed:
            pace.failures += 1
            gap = max(gap, backoff_delay(pace.failures, self.policy, self._rng))
        else:
            pace.failures = 0
        if retry_after is not None:
            gap = max(gap, min(retry_after, _MAX_RETRY_AFTER))
        pace.next_start = max(pace.next_start, now + gap)
