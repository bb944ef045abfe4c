"""HTTP fetching with hard caps: the synchronous ``Fetcher`` (one URL at a time).

Redirects, decompression and status rules are ours (``naql.fetch.http``,
``naql.fetch.decompress``), not httpx's, so the caps hold on every hop and every byte.
Politeness across many URLs (robots.txt, per-host pacing) is the ``Crawler``'s job; the
Fetcher is for one-off fetches such as feed discovery for ``naql sources add``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import httpx

from naql.errors import FetchError, FetchTimeout, PermanentFetchError, TransientFetchError
from naql.fetch.decompress import BodyReader
from naql.fetch.http import (
    REDIRECT_STATUSES,
    Redirect,
    RedirectChain,
    Response,
    check_url,
    hop_headers,
    request_headers,
    status_error,
)
from naql.fetch.policy import FetchPolicy, PacePolicy

__all__ = ["FetchPolicy", "Fetcher", "PacePolicy", "Response", "httpx_timeout", "wrap_httpx_error"]


def httpx_timeout(policy: FetchPolicy, remaining: float) -> httpx.Timeout:
    """Per-hop httpx timeouts, never longer than what is left of the total."""
    remaining = max(0.001, remaining)
    return httpx.Timeout(
        connect=min(policy.connect_timeout, remaining),
        read=min(policy.read_timeout, remaining),
        write=min(policy.read_timeout, remaining),
        pool=min(policy.timeout, remaining),
    )


def wrap_httpx_error(e: Exception, url: str) -> FetchError:
    """Translate an httpx failure into our tree (``raise wrap_httpx_error(e, url) from e``)."""
    if isinstance(e, httpx.TimeoutException):
        return FetchTimeout(f"timed out ({type(e).__name__}); will retry later", url=url)
    if isinstance(e, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return PermanentFetchError(f"invalid URL: {e}", url=url)
    return TransientFetchError(f"network error: {type(e).__name__}: {e}", url=url)


class Fetcher:
    """Owns one HTTP connection pool; close it (or use ``with``) when done. Thread-safe, as
    httpx.Client is. Every method raises only ``FetchError`` subclasses."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(follow_redirects=False, http2=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET ``url`` following redirects; 304 comes back as a Response (``not_modified``).
        ``headers`` are a source's own (User-Agent override, cookies)."""
        check_url(url)
        deadline = time.monotonic() + self.policy.timeout
        chain = RedirectChain(url, self.policy.max_redirects)
        sent = request_headers(self.policy, etag, last_modified, headers)
        started = time.monotonic()
        try:
            while True:
                resp = self._exchange(chain.current, hop_headers(sent, url, chain.current), deadline)
                if isinstance(resp, Redirect):
                    chain.follow(resp.status, resp.location)
                    continue
                return Response(
                    url=resp.url,
                    status=resp.status,
                    headers=resp.headers,
                    content=resp.content,
                    redirects=tuple(chain.hops),
                    elapsed=time.monotonic() - started,
                )
        except httpx.HTTPError as e:
            raise wrap_httpx_error(e, url) from e

    def _exchange(self, url: str, headers: dict[str, str], deadline: float) -> Response | Redirect:
        """One hop: the Response, or where it redirects to."""
        timeout = httpx_timeout(self.policy, deadline - time.monotonic())
        with self._client.stream("GET", url, headers=headers, timeout=timeout) as r:
            resp_headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code in REDIRECT_STATUSES:
                return Redirect(r.status_code, resp_headers.get("location"))
            error = status_error(url, r.status_code, resp_headers)
            if error is not None:
                raise error
            reader = BodyReader(
                url,
                resp_headers.get("content-encoding", ""),
                (self.policy.max_bytes, self.policy.max_decoded_bytes),
            )
            for chunk in r.iter_raw():
                reader.feed(chunk)
                if time.monotonic() > deadline:
                    raise FetchTimeout(
                        f"the whole fetch took longer than {self.policy.timeout} s", url=url
                    )
            return Response(
                url=url, status=r.status_code, headers=resp_headers, content=reader.body()
            )
