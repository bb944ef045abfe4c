"""What the sync ``Fetcher`` and the async ``Crawler`` share: the ``Response`` value, the
request headers we send, and the reading of status codes and caching headers.

Why a separate module: both clients must agree on every rule (which status is transient, how
Retry-After is read, what counts as a redirect loop); keeping the rules pure and in one place
means one set of tests covers both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from naql.errors import (
    FetchError,
    PermanentFetchError,
    RateLimited,
    RedirectLoop,
    TooManyRedirects,
    TransientFetchError,
)
from naql.fetch.policy import FetchPolicy
from naql.text.encoding import decode_document

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|[,\s])(?:no-cache|no-store)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Response:
    """A completed fetch: the final URL after redirects, the status, headers (names in lower
    case) and the decoded body bytes. A 304 answer to a conditional GET is a Response too."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    redirects: tuple[str, ...] = ()
    """The URLs that redirected, in order, before ``url`` answered."""
    elapsed: float = field(default=0.0, compare=False)
    """Seconds from sending the request to the whole body (redirects included, waits for the
    host's turn excluded): what source health shows as the mean fetch time."""

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304

    @property
    def etag(self) -> str | None:
        """The validator to send back as If-None-Match on the next poll."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The validator to send back as If-Modified-Since on the next poll."""
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, charset included."""
        return self.headers.get("content-type")

    @property
    def max_age(self) -> int | None:
        """Seconds the server says this answer stays fresh (Cache-Control max-age; 0 for
        no-cache/no-store), for the scheduler's next poll; None when it does not say."""
        return cache_max_age(self.headers.get("cache-control"))

    @property
    def text(self) -> str:
        """The body as text, with the Arabic-aware charset detection of ``naql.text``."""
        return decode_document(self.content, self.content_type)


@dataclass(frozen=True, slots=True)
class Redirect:
    """One hop's answer when it is a redirect: what to follow next."""

    status: int
    location: str | None


def cache_max_age(cache_control: str | None) -> int | None:
    """The max-age of a Cache-Control header value in seconds; 0 for no-cache/no-store."""
    if not cache_control:
        return None
    if _NO_CACHE.search(cache_control):
        return 0
    m = _MAX_AGE.search(cache_control)
    return int(m.group(1)) if m else None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date (RFC 9110).
    A date in the past means 0; garbage means None (the caller's own backoff applies)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def request_headers(
    policy: FetchPolicy,
    etag: str | None,
    last_modified: str | None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Headers for one GET: who we are, what encodings we can decode, and the validators.
    ``extra`` (a source's own User-Agent or cookies) overrides the defaults; the encodings
    and validators stay ours, since only we can decode and validate."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept-Encoding": "gzip, deflate, br",
        "Accept": "*/*",
        **(extra or {}),
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def hop_headers(headers: dict[str, str], first: str, current: str) -> dict[str, str]:
    """The headers for one hop of a redirect chain: a source's cookies are for its own host,
    so a redirect to another host gets everything but the Cookie header."""
    if "Cookie" not in headers or urlsplit(current).netloc == urlsplit(first).netloc:
        return headers
    return {k: v for k, v in headers.items() if k != "Cookie"}


def check_url(url: str) -> None:
    """Refuse what we never fetch: anything but absolute http(s) URLs."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as e:
        raise PermanentFetchError(f"malformed URL {url!r}: {e}", url=url) from e
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentFetchError(f"not an http(s) URL: {url!r}", url=url)


class RedirectChain:
    """Follows one fetch's redirects, refusing loops and chains longer than the policy allows."""

    def __init__(self, url: str, max_redirects: int) -> None:
        self.start = url
        self.current = url
        self.hops: list[str] = []
        self._seen = {url.split("#", 1)[0]}
        self._max = max_redirects

    def follow(self, status: int, location: str | None) -> str:
        """Record a redirect from ``current``; return the next URL to fetch."""
        if not location:
            raise PermanentFetchError(
                f"HTTP {status} redirect without a Location header", url=self.start, status=status
            )
        try:
            nxt = urljoin(self.current, location.strip()).split("#", 1)[0]
        except ValueError as e:
            raise PermanentFetchError(
                f"unusable redirect Location {location!r}", url=self.start, status=status
            ) from e
        check_url(nxt)
        if nxt in self._seen:
            raise RedirectLoop(
                f"redirect loop: {self.current} → {nxt}, which was already visited "
                f"({len(self.hops) + 1} hops); the site is misconfigured",
                url=self.start,
                status=status,
            )
        if len(self.hops) >= self._max:
            raise TooManyRedirects(
                f"more than {self._max} redirects starting from {self.start}",
                url=self.start,
                status=status,
            )
        self._seen.add(nxt)
        self.hops.append(self.current)
        self.current = nxt
        return nxt


def status_error(url: str, status: int, headers: dict[str, str]) -> FetchError | None:
    """The typed error an HTTP status means, or None when the answer is usable (2xx, 304)."""
    if status in (429, 503):
        retry = parse_retry_after(headers.get("retry-after"))
        when = f"; it asks us to wait {retry:.0f} s" if retry is not None else ""
        return RateLimited(
            f"the server asked us to slow down (HTTP {status}){when}",
            url=url,
            status=status,
            retry_after=retry,
        )
    if status >= 500 or status == 408:
        return TransientFetchError(
            f"server error HTTP {status}; will retry later", url=url, status=status
        )
    if status >= 400:
        return PermanentFetchError(f"HTTP {status}", url=url, status=status)
    if status < 200 or (status >= 300 and status != 304):
        return PermanentFetchError(f"unexpected HTTP {status}", url=url, status=status)
    return None
