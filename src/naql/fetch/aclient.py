"""The asyncio twin of ``Fetcher``: the same caps and rules on an ``httpx.AsyncClient``.

Why a twin and not a wrapper: the ``Crawler`` runs thousands of fetches on one event loop, and
a sync client would need a thread per fetch. All rules live in ``naql.fetch.http`` and
``naql.fetch.decompress``; this module only does the awaiting.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping

import httpx

from naql.errors import FetchTimeout
from naql.fetch.client import httpx_timeout, wrap_httpx_error
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
from naql.fetch.policy import FetchPolicy


class AsyncFetcher:
    """Owns one ``httpx.AsyncClient``; use from one event loop only. Raises only
    ``FetchError`` subclasses."""

    def __init__(
        self,
        policy: FetchPolicy,
        max_connections: int | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """``tls`` lets many fetchers share one SSL context: building one reads the whole CA
        bundle (a quarter of a second here), too much to pay per host."""
        self.policy = policy
        size = max_connections or policy.pace.max_connections
        # Keep idle connections longer than httpx's 5 s: a paced host is asked again only
        # after its delay, often longer than that, and reconnecting costs a round trip.
        limits = httpx.Limits(
            max_connections=size, max_keepalive_connections=size, keepalive_expiry=75.0
        )
        # Requests go straight to the transport (``_send``); the client keeps the cookie jar
        # and sends what needs httpx's own handling (credentials in the URL).
        self._transport = httpx.AsyncHTTPTransport(
            verify=tls or True, trust_env=False, limits=limits
        )
        self._client = httpx.AsyncClient(
            follow_redirects=False, transport=self._transport, trust_env=False
        )
        self._defaults = [
            (k.decode("ascii").lower(), k.decode("ascii"), v.decode("ascii"))
            for k, v in self._client.headers.raw
        ]

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET ``url`` following redirects, within the policy's total timeout. ``headers`` are
        a source's own (User-Agent override, cookies)."""
        check_url(url)
        total = self.policy.timeout
        sent = request_headers(self.policy, etag, last_modified, headers)
        try:
            async with asyncio.timeout(total):
                return await self._follow(url, sent)
        except TimeoutError as e:
            raise FetchTimeout(f"the whole fetch took longer than {total} s", url=url) from e
        except httpx.HTTPError as e:
            raise wrap_httpx_error(e, url) from e

    async def _follow(self, url: str, headers: dict[str, str]) -> Response:
        deadline = time.monotonic() + self.policy.timeout
        chain = RedirectChain(url, self.policy.max_redirects)
        started = time.monotonic()
        while True:
            resp = await self._exchange(chain.current, hop_headers(headers, url, chain.current),
                                        deadline)
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

    async def _exchange(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> Response | Redirect:
        timeout = httpx_timeout(self.policy, deadline - time.monotonic())
        r = await self._send(url, headers, timeout)
        try:
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
            async for chunk in r.aiter_raw():
                reader.feed(chunk)
            return Response(
                url=url, status=r.status_code, headers=resp_headers, content=reader.body()
            )
        finally:
            await r.aclose()

    async def _send(
        self, url: str, headers: dict[str, str], timeout: httpx.Timeout
    ) -> httpx.Response:
        """What ``AsyncClient.stream("GET", …)`` sends and gets back, without the per-request
        work that does nothing here: no base URL, params, auth flow, event hooks or redirect
        bookkeeping to merge or run, and the cookie jar read only when a response sets a
        cookie (http.cookiejar costs a fetch's tenth even when there is none). The request
        is the one the client would build: its default headers, ours over them, the jar's
        cookies. The caller closes the response."""
        ours = {k.lower() for k in headers}
        merged = [(k, v) for name, k, v in self._defaults if name not in ours]
        cookies = self._client.cookies
        request = httpx.Request(
            "GET",
            url,
            headers=[*merged, *headers.items()],
            cookies=cookies if cookies else None,
            extensions={"timeout": timeout.as_dict()},
        )
        if request.url.userinfo:  # credentials in the URL: the client's Basic auth
            return await self._client.send(request, stream=True)
        r = await self._transport.handle_async_request(request)
        r.request = request
        if "set-cookie" in r.headers or "set-cookie2" in r.headers:
            cookies.extract_cookies(r)
        return r
