"""Per-host pacing shared between processes: two crawlers (each standing for a worker process,
each with its own database connection and its own in-process pacer) fetch from one host.

The host's own request log is the judge: with the PostgreSQL gate it never sees two requests
closer than the delay, nor two at once; without it, it does (the control, so the test can
fail). A holder that died frees the host when its hold runs out, and a Retry-After one
worker received holds the others back too.
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from naql.fetch import Crawler, FetchOutcome, FetchPolicy, FetchRequest, HostGate
from naql.sources.hostgate import DatabaseHostGate, shared_host_gate
from naql.sources.models import HostSlot
from tests.conftest import postgres_pass_only
from tests.fetch.faultserver import FaultServer, Reply, Seen

pytestmark = [pytest.mark.django_db(transaction=True), postgres_pass_only]

DELAY = 0.3
ANSWER = 0.1  # the host takes this long to answer each page


def _paced(policy: FetchPolicy) -> FetchPolicy:
    return replace(policy, pace=replace(policy.pace, min_delay=DELAY, max_wait=10.0))


def _crawl(policy: FetchPolicy, gate: HostGate | None, urls: list[str]) -> list[FetchOutcome]:
    with Crawler(policy, gate) as crawler:
        return list(crawler.crawl(FetchRequest(u) for u in urls))


def _two_workers(
    server: FaultServer, policy: FetchPolicy, gates: tuple[HostGate | None, HostGate | None]
) -> list[FetchOutcome]:
    for i in range(10):
        server.route(f"/p{i}", Reply(body=b"<p>page</p>", delay=ANSWER))
    halves = [[server.url(f"/p{i}") for i in range(k, 10, 2)] for k in (0, 1)]
    with ThreadPoolExecutor(2) as pool:
        done = [
            pool.submit(_crawl, policy, gate, urls)
            for gate, urls in zip(gates, halves, strict=True)
        ]
        return [o for f in done for o in f.result()]


def test_two_workers_share_one_host_pace(server: FaultServer, policy: FetchPolicy) -> None:
    outcomes = _two_workers(server, _paced(policy), (DatabaseHostGate(), DatabaseHostGate()))
    assert len(outcomes) == 10
    assert all(o.ok for o in outcomes)
    hits = sorted(server.hits(), key=lambda h: h.at)
    assert len(hits) == 12  # ten pages and each worker's robots.txt (answered at once)
    # Spacing counts from the previous answer: the previous page's answer time plus the delay.
    for before, after in itertools.pairwise(hits):
        answer = 0.0 if before.path == "/robots.txt" else ANSWER
        assert after.at - before.at >= DELAY + answer - 0.02, (before, after)
    assert HostSlot.objects.filter(host=server.url("").rstrip("/")).exists()


def test_without_the_gate_the_host_sees_both_workers_at_once(
    server: FaultServer, policy: FetchPolicy
) -> None:
    outcomes = _two_workers(server, _paced(policy), (None, None))
    assert all(o.ok for o in outcomes)
    gaps = [b - a for a, b in itertools.pairwise(sorted(h.at for h in server.hits()))]
    assert min(gaps) < DELAY / 2  # each pacer alone spaces only its own requests


def test_a_dead_holder_frees_the_host_when_its_hold_ends(
    server: FaultServer, policy: FetchPolicy
) -> None:
    server.route("/a", Reply(body=b"ok"))
    host = server.url("").rstrip("/")
    now = timezone.now()
    HostSlot.objects.create(
        host=host, free_at=now, held_until=now + timedelta(seconds=1.5), holder="dead:1:x"
    )
    t0 = time.monotonic()
    [outcome] = _crawl(_paced(policy), DatabaseHostGate(), [server.url("/a")])
    assert outcome.ok
    first = min(h.at for h in server.hits())
    assert first - t0 >= 1.3  # waited for the hold to run out, then went ahead
    assert first - t0 < 5.0


def test_a_retry_after_holds_back_every_worker(server: FaultServer, policy: FetchPolicy) -> None:
    calls: list[Seen] = []

    def limited(seen: Seen) -> Reply:
        calls.append(seen)
        return Reply(status=429, headers={"Retry-After": "1"}) if len(calls) == 1 else Reply()

    server.route("/first", limited)
    server.route("/second", limited)
    fast = replace(policy, pace=replace(policy.pace, min_delay=0.05, max_wait=10.0))
    [first] = _crawl(fast, DatabaseHostGate(), [server.url("/first")])
    assert not first.ok
    [second] = _crawl(fast, DatabaseHostGate(), [server.url("/second")])  # another worker
    assert second.ok
    assert calls[1].at - calls[0].at >= 0.95


def test_only_postgresql_gets_a_gate() -> None:
    assert isinstance(shared_host_gate(), DatabaseHostGate)
