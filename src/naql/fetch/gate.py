"""A host's pace shared between processes: the protocol a ``Crawler`` asks before each request.

Why: a ``Pacer`` knows only its own process's requests. With several ``naql worker``
processes, each would space its own requests to an outlet and the outlet would still see
them N times as often, so the per-host minimum delay and the one-request-in-flight rule
would hold per worker, not per host. A gate keeps one schedule per host where every worker
sees it (the app layer implements it on PostgreSQL); the core only knows this protocol, so
it stays free of Django and a single process needs no gate at all.

The crawler calls the gate from one thread of its own (the calls block on a database),
always ``acquire`` before a request and ``release`` after it, whatever happened.
"""

from __future__ import annotations

from typing import Protocol


class HostGate(Protocol):
    """One schedule per host, shared by every crawler that holds the same gate."""

    def acquire(self, host: str, *, start_gap: float, hold: float) -> float:
        """Try to take ``host`` for one request. Returns 0 when taken: no other crawler may
        start a request there for ``start_gap`` seconds, nor while this one holds it (at most
        ``hold`` seconds, so a crashed holder frees the host). Otherwise returns the seconds
        to wait before trying again."""
        ...

    def release(self, host: str, *, gap: float) -> None:
        """End this crawler's request to ``host``: the next start anywhere is no sooner than
        ``gap`` seconds from now (the delay, a backoff or a Retry-After)."""
        ...

    def close(self) -> None:
        """Free what the gate holds (its database connection), from the gate's thread."""
        ...
