"""HTTP fetching with hard caps: the only way naql talks to the outside world.

First cut: a synchronous httpx client with time and size caps and typed errors. Politeness
(robots, per-host pacing) lives with the scheduler that calls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from naql.errors import (
    PermanentFetchError,
    RateLimited,
    TooLarge,
    TransientFetchError,
)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How one fetch may behave: who we say we are, and how long and how much we accept."""

    user_agent: str = "naql/0.1 (+https://naql.invalid/bot)"
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Response:
    """A completed fetch: the final URL after redirects, the status, headers and raw bytes."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304


class Fetcher:
    """Owns one HTTP connection pool; close it (or use ``with``) when done. Thread-safe."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            timeout=self.policy.timeout,
            follow_redirects=True,
            max_redirects=self.policy.max_redirects,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url``; raise a ``FetchError`` subclass on failure, return 304s as responses."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise TooLarge(
                            f"the response is larger than {self.policy.max_bytes} bytes", url=url
                        )
                    chunks.append(chunk)
                status = r.status_code
                final_url = str(r.url)
                resp_headers = {k.lower(): v for k, v in r.headers.items()}
        except httpx.TooManyRedirects as e:
            raise PermanentFetchError(f"too many redirects: {e}", url=url) from e
        except (httpx.TimeoutException, httpx.TransportError) as e:
            raise TransientFetchError(f"network error: {e!r}", url=url) from e
        except httpx.InvalidURL as e:
            raise PermanentFetchError(f"invalid URL: {e}", url=url) from e
        if status in (429, 503):
            retry = resp_headers.get("retry-after")
            raise RateLimited(
                f"the server asked us to slow down (HTTP {status})",
                url=url,
                status=status,
                retry_after=float(retry) if retry and retry.isdigit() else None,
            )
        if status >= 500:
            raise TransientFetchError(f"server error HTTP {status}", url=url, status=status)
        if status >= 400:
            raise PermanentFetchError(f"HTTP {status}", url=url, status=status)
        return Response(url=final_url, status=status, headers=resp_headers, content=b"".join(chunks))
