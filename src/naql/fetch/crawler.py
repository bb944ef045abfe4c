"""The ``Crawler``: many hosts in parallel, each paced, behind a synchronous API.

Why a background thread: Django's ORM refuses to run inside an event loop, yet fetching
thousands of pages one by one would take hours. So the asyncio engine lives in its own thread
and the caller iterates over outcomes as they complete, extracting page N (with the ORM) while
pages N+1… are still being fetched::

    with Crawler(policy) as crawler:
        for outcome in crawler.crawl(requests):
            ...

Each origin gets its own worker(s) working through its queue in order, so a slow or failing
host only ever waits on its own schedule. Robots.txt is fetched once per origin (paced like
any request) and cached on the Crawler; so are pacing and backoff, across ``crawl`` calls.
With a ``HostGate`` (several worker processes on one database), each request also takes its
host from the gate, so the pace holds per host across processes, not per process.
"""

from __future__ import annotations

import asyncio
import queue
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from naql.errors import (
    Deferred,
    DisallowedByRobots,
    FetchError,
    PermanentFetchError,
    RateLimited,
    TransientFetchError,
)
from naql.fetch.aclient import AsyncFetcher
from naql.fetch.gate import HostGate
from naql.fetch.http import Response, check_url
from naql.fetch.pacing import Pacer
from naql.fetch.policy import FetchPolicy
from naql.fetch.robots import RobotsRules, origin, robots_url, rules_from_outcome


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch, with the validators of the last fetch (for a conditional GET) and an
    opaque ``key`` the caller uses to find its record again (an id, a tuple…)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    key: object = None
    headers: tuple[tuple[str, str], ...] = ()
    """A source's own headers (User-Agent override, Cookie), sent with this request only;
    robots.txt is then read for that User-Agent."""


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What became of one request: a ``response`` or an ``error``, never both."""

    request: FetchRequest
    response: Response | None = None
    error: FetchError | None = None
    finished_at: float = field(default=0.0, compare=False)
    """``time.time()`` when the outcome was known (for logs and source health)."""

    @property
    def ok(self) -> bool:
        """True when a response (possibly a 304) came back."""
        return self.response is not None


_DONE = object()


class _RobotsCache:
    """robots.txt per origin, with expiry; unreachable ones are kept only briefly."""

    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._entries: dict[str, tuple[RobotsRules, float]] = {}

    def get(self, key: str) -> RobotsRules | None:
        entry = self._entries.get(key)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, key: str, rules: RobotsRules) -> None:
        ttl = self._ttl if rules.reachable else min(self._ttl, 60.0)
        self._entries[key] = (rules, time.monotonic() + ttl)


class Crawler:
    """Fetches batches of URLs politely; owns an event loop thread, a connection pool, the
    robots.txt cache and every host's pacing. Use it as a context manager. ``crawl`` may be
    called from any thread (one call at a time per thread); all state lives on the loop."""

    def __init__(self, policy: FetchPolicy | None = None, gate: HostGate | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._gate = gate
        # The gate blocks (a database round trip): it runs in one thread of its own, never
        # on the event loop, and always the same thread, which owns the gate's connection.
        self._gate_thread = (
            ThreadPoolExecutor(1, thread_name_prefix="naql-host-gate") if gate else None
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pacer = Pacer(self.policy.pace, clock=time.monotonic)
        self._robots = _RobotsCache(self.policy.pace.robots_ttl)
        self._robots_locks: dict[str, asyncio.Lock] = {}
        # One small connection pool per origin: httpcore scans its whole pool on every
        # request, so one shared pool over hundreds of hosts costs O(hosts) per request.
        self._fetchers: dict[str, AsyncFetcher] = {}
        self._tls: ssl.SSLContext | None = None
        self._last_used: dict[str, float] = {}
        self._slots: asyncio.Semaphore | None = None

    def __enter__(self) -> Crawler:
        if self._thread is not None:
            raise RuntimeError("a Crawler can be entered once; make a new one")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="naql-crawler", daemon=True
        )
        self._thread.start()
        self._call(self._setup()).result()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool and stop the loop thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        self._call(self._teardown()).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        if self._gate is not None and self._gate_thread is not None:
            self._gate_thread.submit(self._gate.close).result()
            self._gate_thread.shutdown()

    def crawl(self, requests: Iterable[FetchRequest]) -> Iterator[FetchOutcome]:
        """Fetch every request; yield outcomes as they complete (not in request order).

        ``requests`` is read in the calling thread before fetching starts, so it may be a
        queryset. Requests to one origin are sent in the order given. Stopping the iteration
        early cancels what is still pending."""
        loop = self._loop
        if loop is None or self._thread is None or not self._thread.is_alive():
            raise RuntimeError("use the Crawler inside `with Crawler(policy) as crawler:`")
        batch = list(requests)
        out: queue.SimpleQueue[object] = queue.SimpleQueue()
        future = self._call(self._crawl(batch, out))
        try:
            while True:
                item = out.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, FetchOutcome)
                yield item
        finally:
            if not future.done():
                loop.call_soon_threadsafe(future.cancel)
            else:
                future.result()

    def _call(self, coro: object) -> Future[None]:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop)  # type: ignore[arg-type]

    async def _setup(self) -> None:
        self._tls = ssl.create_default_context()
        self._slots = asyncio.Semaphore(self.policy.pace.max_connections)

    async def _teardown(self) -> None:
        fetchers, self._fetchers = list(self._fetchers.values()), {}
        for fetcher in fetchers:
            await fetcher.aclose()

    async def _crawl(self, batch: list[FetchRequest], out: queue.SimpleQueue[object]) -> None:
        try:
            queues: dict[str, asyncio.Queue[FetchRequest]] = {}
            for request in batch:
                try:
                    check_url(request.url)
                except FetchError as e:  # bad input: its own typed outcome, the rest go on
                    out.put(FetchOutcome(request, error=e, finished_at=time.time()))
                    continue
                queues.setdefault(origin(request.url), asyncio.Queue()).put_nowait(request)
            workers = [
                self._host_worker(host, q, out)
                for host, q in queues.items()
                for _ in range(max(1, self.policy.pace.per_host))
            ]
            await asyncio.gather(*workers)
            await self._close_idle_pools()
        except Exception as e:  # a bug, not a fetch failure: hand it to the caller
            out.put(e)
        finally:
            out.put(_DONE)

    async def _close_idle_pools(self) -> None:
        """Close the pools of hosts not asked for a while: a long-lived Crawler (``naql run``)
        meets thousands of hosts, and their idle sockets must not pile up."""
        horizon = time.monotonic() - self.policy.pace.idle_pool
        for host in [h for h, t in self._last_used.items() if t < horizon]:
            del self._last_used[host]
            fetcher = self._fetchers.pop(host, None)
            if fetcher is not None:
                await fetcher.aclose()

    async def _host_worker(
        self, host: str, q: asyncio.Queue[FetchRequest], out: queue.SimpleQueue[object]
    ) -> None:
        while not q.empty():
            request = q.get_nowait()
            try:
                response = await self._fetch_politely(host, request)
                outcome = FetchOutcome(request, response=response, finished_at=time.time())
            except FetchError as e:
                outcome = FetchOutcome(request, error=e, finished_at=time.time())
            out.put(outcome)

    async def _fetch_politely(self, host: str, request: FetchRequest) -> Response:
        ua = dict(request.headers).get("User-Agent", self.policy.user_agent)
        if self.policy.pace.obey_robots:
            rules = await self._rules(host)
            if not rules.reachable:
                raise Deferred(
                    f"{rules.reason}: RFC 9309 says to assume everything is disallowed until "
                    "it can be read again",
                    url=request.url,
                    retry_after=60.0,
                )
            if not rules.allows(request.url, ua):
                raise DisallowedByRobots(
                    f"robots.txt of {host} disallows this URL for {ua!r}", url=request.url
                )
        return await self._paced_get(host, request)

    async def _rules(self, host: str) -> RobotsRules:
        cached = self._robots.get(host)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            cached = self._robots.get(host)
            if cached is not None:
                return cached
            try:
                outcome: Response | FetchError = await self._paced_get(
                    host, FetchRequest(robots_url(host))
                )
            except Deferred:
                raise
            except FetchError as e:
                outcome = e
            rules = rules_from_outcome(outcome)
            self._pacer.set_crawl_delay(host, rules.crawl_delay(self.policy.user_agent))
            self._robots.put(host, rules)
            return rules

    async def _paced_get(self, host: str, request: FetchRequest) -> Response:
        """One request on the host's schedule; Deferred when the wait exceeds ``max_wait``."""
        fetcher = self._fetchers.get(host)
        if fetcher is None:
            size = max(2, self.policy.pace.per_host)
            fetcher = self._fetchers[host] = AsyncFetcher(self.policy, size, self._tls)
        self._last_used[host] = time.monotonic()
        assert self._slots is not None
        while True:
            while (wait := self._pacer.wait(host)) > 0:
                self._defer_if_long(host, request, wait)
                await asyncio.sleep(wait)
            wait = await self._take_from_gate(host)
            if wait <= 0 and self._pacer.wait(host) <= 0:
                break  # (a concurrent crawl of this Crawler may have started meanwhile)
            self._defer_if_long(host, request, wait)
            await asyncio.sleep(wait)
        self._pacer.start(host)
        failed, retry_after = False, None
        try:
            async with self._slots:
                return await fetcher.get(
                    request.url,
                    etag=request.etag,
                    last_modified=request.last_modified,
                    headers=dict(request.headers) or None,
                )
        except RateLimited as e:
            failed, retry_after = True, e.retry_after
            raise
        except TransientFetchError:
            failed = True
            raise
        except PermanentFetchError:
            raise
        finally:
            self._pacer.finish(host, failed=failed, retry_after=retry_after)
            await self._give_back_to_gate(host)

    def _defer_if_long(self, host: str, request: FetchRequest, wait: float) -> None:
        if wait > self.policy.pace.max_wait:
            raise Deferred(
                f"{host} is backing off for {wait:.0f} s more; not tried this time",
                url=request.url,
                retry_after=wait,
            )

    async def _take_from_gate(self, host: str) -> float:
        """0 when the shared schedule lets this process start a request to ``host`` now."""
        gate = self._gate
        if gate is None:
            return 0.0
        pace = self._pacer.host(host)
        hold = self.policy.timeout + 5.0  # a crashed holder frees the host after this
        loop = asyncio.get_running_loop()
        taking = loop.run_in_executor(
            self._gate_thread, lambda: gate.acquire(host, start_gap=pace.delay, hold=hold)
        )
        try:
            return await asyncio.shield(taking)
        except asyncio.CancelledError:  # taken after all? give it back, or others wait `hold`
            taking.add_done_callback(lambda done: self._untake(host, done))
            raise

    def _untake(self, host: str, taking: asyncio.Future[float]) -> None:
        if self._gate is None or self._gate_thread is None:
            return
        if not taking.cancelled() and taking.exception() is None and taking.result() <= 0:
            gate = self._gate
            self._gate_thread.submit(lambda: gate.release(host, gap=0.0))

    async def _give_back_to_gate(self, host: str) -> None:
        gate = self._gate
        if gate is None:
            return
        gap = max(0.0, self._pacer.host(host).next_start - time.monotonic())
        loop = asyncio.get_running_loop()
        await asyncio.shield(
            loop.run_in_executor(self._gate_thread, lambda: gate.release(host, gap=gap))
        )
