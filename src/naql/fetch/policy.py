"""The narrow, frozen configuration of everything in ``naql.fetch``.

Why value objects and not settings: the core never reads Django settings; the app layer builds
one ``FetchPolicy`` from settings and hands it down, and tests build their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class PacePolicy:
    """How gently we treat one host. Every request to a host, whichever source asked for it,
    shares the host's pace: at most ``per_host`` requests in flight and at least ``min_delay``
    seconds between the starts of two requests (more if robots.txt asks with Crawl-delay)."""

    min_delay: float = 1.0
    spacing: Literal["answer", "start"] = "answer"
    """What the delay is measured from. ``answer`` (default): from the end of the previous
    request, which guarantees the host itself never sees two requests closer than the delay,
    however loaded either side is. ``start``: from the previous request's start, which is
    faster when answers are slow but lets the host see closer requests when latency varies.
    See docs/design/how-does-naql-pace-requests-per-host.md."""
    per_host: int = 1
    max_crawl_delay: float = 60.0
    """A robots.txt Crawl-delay above this is clamped: a typo of 3600 would starve the host."""
    backoff_base: float = 2.0
    backoff_cap: float = 600.0
    max_wait: float = 30.0
    """A crawl never waits longer than this for one host; later requests come back ``Deferred``."""
    obey_robots: bool = True
    robots_ttl: float = 3600.0
    max_connections: int = 200
    idle_pool: float = 300.0
    """A host's connections are closed after a crawl once it has not been asked this long."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How one fetch may behave: who we say we are, how long and how much we accept.

    ``timeout`` is the total cap for one fetch (all redirects and the whole body);
    ``connect_timeout`` and ``read_timeout`` cap each connection and each read inside it.
    ``max_bytes`` caps the bytes on the wire, ``max_decoded_bytes`` the body after
    gzip/deflate/brotli decoding (a 10 KB gzip bomb can inflate to gigabytes)."""

    user_agent: str = "naql/0.1 (+https://naql.invalid/bot)"
    timeout: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 30 * 1024 * 1024
    max_redirects: int = 5
    pace: PacePolicy = field(default_factory=PacePolicy)
