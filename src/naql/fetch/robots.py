"""robots.txt as RFC 9309 reads it, on protego.

Why the status rules matter: a missing robots.txt (4xx) means "crawl anything", but an
unreachable one (5xx, network error) means "crawl nothing for now" — a server in trouble
must not be hit harder because it could not say no.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from naql.errors import FetchError, PermanentFetchError, RateLimited
from naql.fetch.http import Response

_MAX_ROBOTS_BYTES = 500 * 1024
"""RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much."""


def origin(url: str) -> str:
    """``scheme://host[:port]``: robots.txt, pacing and backoff are all kept per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    """Where the robots.txt governing ``url`` lives."""
    return origin(url) + "/robots.txt"


def product_token(user_agent: str) -> str:
    """The name robots.txt groups match against: ``naql`` from ``naql/0.1 (+https://…)``."""
    return user_agent.split("/", 1)[0].split(" ", 1)[0].strip() or user_agent


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt allows. ``reachable`` is False when it could not be read
    (5xx or network error): RFC 9309 §2.3.1.3 then means complete disallow, temporarily."""

    rules: Protego | None
    reachable: bool = True
    reason: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``url`` may be fetched by ``user_agent``."""
        if not self.reachable:
            return False
        if self.rules is None:
            return True
        return bool(self.rules.can_fetch(url, product_token(user_agent)))

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay for our group, in seconds, if robots.txt sets one."""
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(product_token(user_agent))
        return float(delay) if delay is not None else None

    def sitemaps(self) -> tuple[str, ...]:
        """The ``Sitemap:`` lines, in order."""
        return tuple(self.rules.sitemaps) if self.rules is not None else ()


ALLOW_ALL = RobotsRules(rules=None)


def rules_from_outcome(outcome: Response | FetchError) -> RobotsRules:
    """Turn the fetch of a robots.txt (a Response or the error it raised) into rules."""
    if isinstance(outcome, Response):
        text = outcome.content[:_MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return RobotsRules(rules=Protego.parse(text))
    status = outcome.status
    if isinstance(outcome, PermanentFetchError) and status is not None and 400 <= status < 500:
        return ALLOW_ALL  # "unavailable": RFC 9309 §2.3.1.3, crawl without restriction
    if isinstance(outcome, RateLimited):
        return RobotsRules(None, reachable=False, reason=f"robots.txt answered HTTP {status}")
    what = f"HTTP {status}" if status is not None else outcome.kind
    return RobotsRules(None, reachable=False, reason=f"robots.txt unreachable ({what})")
