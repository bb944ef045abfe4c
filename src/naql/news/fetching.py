"""Fetch many URLs at once, in parallel across hosts and one at a time per host.

Why here and not in ``naql.fetch``: this is the seam between the pure fetch core and the
stages. Stages hand it ``(key, url, etag, last_modified)`` requests and get outcomes back in
completion order, in the calling thread, so they can use the ORM on each.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from urllib.parse import urlsplit

from naql.errors import FetchError
from naql.fetch import Fetcher, FetchPolicy, Response


@dataclass(frozen=True, slots=True)
class Request:
    """One URL to fetch; ``key`` is the caller's id for the record it belongs to."""

    key: int
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one request gave: a response or a typed fetch error."""

    request: Request
    result: Response | FetchError


def fetch_all(
    requests: Iterable[Request], policy: FetchPolicy, host_delay: float, max_hosts: int = 8
) -> Iterator[Outcome]:
    """Fetch every request, hosts in parallel, each host paced by ``host_delay`` seconds."""
    by_host: dict[str, list[Request]] = defaultdict(list)
    for r in requests:
        by_host[urlsplit(r.url).netloc].append(r)
    if not by_host:
        return
    results: list[Outcome] = []
    lock = threading.Lock()
    ready = threading.Condition(lock)

    def run_host(fetcher: Fetcher, reqs: list[Request]) -> None:
        for i, req in enumerate(reqs):
            if i:
                time.sleep(host_delay)
            result: Response | FetchError
            try:
                result = fetcher.get(req.url, etag=req.etag, last_modified=req.last_modified)
            except FetchError as e:
                result = e
            with ready:
                results.append(Outcome(req, result))
                ready.notify()

    total = sum(len(v) for v in by_host.values())
    with Fetcher(policy) as fetcher, ThreadPoolExecutor(min(max_hosts, len(by_host))) as pool:
        futures = [pool.submit(run_host, fetcher, reqs) for reqs in by_host.values()]
        yielded = 0
        while yielded < total:
            with ready:
                while not results:
                    if all(f.done() for f in futures) and not results:
                        break
                    ready.wait(0.2)
                batch, results[:] = results[:], []
            if not batch:
                for f in as_completed(futures):
                    f.result()  # surface an unexpected crash in a host thread
                break
            for outcome in batch:
                yielded += 1
                yield outcome
