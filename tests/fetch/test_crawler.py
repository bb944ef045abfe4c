"""The Crawler against a newsroom of fault servers on distinct loopback addresses.

Time appears here only as lower bounds a polite crawler must respect (gaps between requests
to one host) and as the order of events between hosts; never as "fast enough".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

import pytest

from naql.errors import (
    Deferred,
    DisallowedByRobots,
    FetchTimeout,
    PermanentFetchError,
    RateLimited,
    TooLarge,
    TransientFetchError,
)
from naql.fetch import Crawler, FetchOutcome, FetchPolicy, FetchRequest, parse_feed
from tests.fetch.arabicfeeds import rss2, synthetic_articles
from tests.fetch.faultserver import FaultServer, Reply, Seen, bomb, ok


@pytest.fixture
def newsroom() -> Iterator[dict[str, FaultServer]]:
    names = ["fast", "slow", "failing", "limited", "robots", "robots5xx", "bomb"]
    servers = {name: FaultServer(f"127.0.0.{i + 2}") for i, name in enumerate(names)}
    for s in servers.values():
        s.__enter__()
    try:
        yield servers
    finally:
        for s in servers.values():
            s.__exit__(None, None, None)


def gaps(hits: list[Seen]) -> list[float]:
    times = sorted(h.at for h in hits)
    return [b - a for a, b in itertools.pairwise(times)]


def by_key(outcomes: list[FetchOutcome]) -> dict[object, FetchOutcome]:
    return {o.request.key: o for o in outcomes}


def test_many_hosts_each_paced_none_held_up(
    newsroom: dict[str, FaultServer], policy: FetchPolicy
) -> None:
    fast, slow, failing = newsroom["fast"], newsroom["slow"], newsroom["failing"]
    limited, robots, robots5xx = newsroom["limited"], newsroom["robots"], newsroom["robots5xx"]
    for i in range(6):
        fast.route(f"/p{i}", ok(f"<p>{i}</p>", "text/html"))
    for i in range(2):
        slow.route(f"/p{i}", Reply(body=b"slow", delay=2.0))
    for i in range(4):
        failing.route(f"/p{i}", Reply(status=500))
    limited_calls: list[Seen] = []

    def limited_page(seen: Seen) -> Reply:
        limited_calls.append(seen)
        if len(limited_calls) == 1:
            return Reply(status=429, headers={"Retry-After": "1"})
        return Reply(body=b"ok")

    limited.route("/p0", limited_page)
    limited.route("/p1", limited_page)
    robots.route(
        "/robots.txt", ok("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n", "text/plain")
    )
    for path in ("/a", "/b", "/private/c"):
        robots.route(path, ok(b"page", "text/html"))
    robots5xx.route("/robots.txt", Reply(status=503))
    robots5xx.route("/a", ok(b"page", "text/html"))

    requests = [
        FetchRequest(s.url(p), key=(name, p))
        for name, s, paths in [
            ("slow", slow, ["/p0", "/p1"]),
            ("failing", failing, [f"/p{i}" for i in range(4)]),
            ("limited", limited, ["/p0", "/p1"]),
            ("robots", robots, ["/a", "/private/c", "/b"]),
            ("robots5xx", robots5xx, ["/a"]),
            ("fast", fast, [f"/p{i}" for i in range(6)]),
        ]
        for p in paths
    ]
    patient = replace(policy, read_timeout=6.0, timeout=10.0)  # the slow host is slow, not dead
    with Crawler(patient) as crawler:
        outcomes = list(crawler.crawl(requests))
    got = by_key(outcomes)
    assert len(outcomes) == len(requests) == len(got)
    assert all((o.response is None) != (o.error is None) for o in outcomes)

    # The healthy host: every page, all of them known before the slow host (listed first,
    # and answering after 2 s each) had finished: a serial crawler would fail this.
    order = [o.request.key for o in outcomes]
    assert all(got[("fast", f"/p{i}")].ok for i in range(6))
    assert max(order.index(("fast", f"/p{i}")) for i in range(6)) < order.index(("slow", "/p1"))
    assert all(got[("slow", p)].ok for p in ("/p0", "/p1"))

    # The failing host: typed transient errors, and it backed off longer after each failure
    # (lower bounds: the jittered backoff of failure n is at least half of base * 2**(n-1)).
    for i in range(4):
        err = got[("failing", f"/p{i}")].error
        assert isinstance(err, TransientFetchError)
        assert err.status == 500
    failing_gaps = gaps([h for h in failing.hits() if h.path.startswith("/p")])
    for n, gap in enumerate(failing_gaps, start=1):
        assert gap >= 0.5 * min(1.0, 0.2 * 2 ** (n - 1)) - 0.01

    # 429 with Retry-After: a typed error with the delay, and the host left alone that long.
    first = got[("limited", "/p0")].error
    assert isinstance(first, RateLimited)
    assert first.retry_after == 1.0
    assert got[("limited", "/p1")].ok
    assert limited_calls[1].at - limited_calls[0].at >= 1.0

    # robots.txt: disallowed URL never requested, Crawl-delay spacing every request.
    assert isinstance(got[("robots", "/private/c")].error, DisallowedByRobots)
    assert got[("robots", "/a")].ok
    assert got[("robots", "/b")].ok
    assert [h.path for h in robots.hits()] == ["/robots.txt", "/a", "/b"]
    assert min(gaps(robots.hits())) >= 0.3

    # Unreachable robots.txt: RFC 9309 says assume complete disallow, for now.
    err5 = got[("robots5xx", "/a")].error
    assert isinstance(err5, Deferred)
    assert "RFC 9309" in str(err5)
    assert [h.path for h in robots5xx.hits()] == ["/robots.txt"]

    # No host ever saw two requests closer than the minimum delay, robots.txt included.
    for server in newsroom.values():
        assert all(g >= policy.pace.min_delay for g in gaps(server.hits()))
        assert [h.path for h in server.hits()].count("/robots.txt") <= 1


def test_a_long_retry_after_defers_the_rest_of_the_host(
    newsroom: dict[str, FaultServer], policy: FetchPolicy
) -> None:
    host, other = newsroom["limited"], newsroom["fast"]
    host.route("/p0", Reply(status=503, headers={"Retry-After": "100"}))
    other.route("/x", ok(b"x", "text/html"))
    requests = [FetchRequest(host.url(f"/p{i}"), key=i) for i in range(3)]
    requests.append(FetchRequest(other.url("/x"), key="other"))
    with Crawler(policy) as crawler:
        got = by_key(list(crawler.crawl(requests)))
    assert isinstance(got[0].error, RateLimited)
    for i in (1, 2):
        err = got[i].error
        assert isinstance(err, Deferred)
        assert 90 < err.retry_after <= 100
    assert got["other"].ok
    assert [h.path for h in host.hits()] == ["/robots.txt", "/p0"]


def test_caps_and_timeouts_hold_in_the_crawler(
    newsroom: dict[str, FaultServer], policy: FetchPolicy
) -> None:
    server = newsroom["bomb"]
    server.route("/bomb", bomb("gzip", 16 * policy.max_decoded_bytes))
    server.route("/stuck", Reply(body=b"late", delay=2.0))
    quick = replace(policy, read_timeout=0.3)
    with Crawler(quick) as crawler:
        got = by_key(
            list(crawler.crawl([FetchRequest(server.url(p), key=p) for p in ("/bomb", "/stuck")]))
        )
    assert isinstance(got["/bomb"].error, TooLarge)
    assert isinstance(got["/stuck"].error, FetchTimeout)


def test_feed_polls_conditional_get_and_moving_items(
    server: FaultServer, policy: FetchPolicy
) -> None:
    arts = synthetic_articles(4)
    state = {"version": 1}

    def feed(seen: Seen) -> Reply:
        etag = f'"v{state["version"]}"'
        if seen.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        # v1: items a b c; v2: a new item d on top, c fell off the end, b moved up.
        items = arts[:3] if state["version"] == 1 else [arts[3], arts[0], arts[1]]
        return Reply(body=rss2(items), headers={"ETag": etag, "Cache-Control": "max-age=60"})

    server.route("/rss", feed)
    with Crawler(policy) as crawler:
        (first,) = crawler.crawl([FetchRequest(server.url("/rss"), key="feed")])
        assert first.response is not None
        seen = {i.url for i in parse_feed(first.response.content).items}
        (second,) = crawler.crawl([FetchRequest(server.url("/rss"), etag=first.response.etag)])
        assert second.response is not None
        assert second.response.not_modified
        state["version"] = 2
        (third,) = crawler.crawl([FetchRequest(server.url("/rss"), etag=second.response.etag)])
        assert third.response is not None
        assert third.response.max_age == 60
        items = parse_feed(third.response.content).items
    assert [i.url for i in items if i.url not in seen] == [arts[3].url]
    assert [h.path for h in server.hits()].count("/robots.txt") == 1  # cached across crawls


def test_stopping_early_cancels_the_rest(server: FaultServer, policy: FetchPolicy) -> None:
    for i in range(20):
        server.route(f"/p{i}", ok(b"x", "text/html"))
    slow = replace(policy, pace=replace(policy.pace, min_delay=0.2))
    with Crawler(slow) as crawler:
        for _outcome in crawler.crawl([FetchRequest(server.url(f"/p{i}")) for i in range(20)]):
            break
        pages_then = len(server.hits())
        (again,) = crawler.crawl([FetchRequest(server.url("/p19"))])
    assert again.ok
    assert pages_then < 10


def test_crawl_outside_the_context_manager_is_refused(policy: FetchPolicy) -> None:
    with pytest.raises(RuntimeError, match="with Crawler"):
        list(Crawler(policy).crawl([]))


def test_bad_urls_get_their_own_typed_outcome(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/ok", ok(b"fine", "text/html"))
    bad = ["http://[broken/", "ftp://n.example/feed", "/relative", "http://n.example:99999/"]
    requests = [FetchRequest(u, key=u) for u in bad] + [FetchRequest(server.url("/ok"), key="ok")]
    with Crawler(policy) as crawler:
        got = by_key(list(crawler.crawl(requests)))
    assert got["ok"].ok
    for url in bad:
        assert isinstance(got[url].error, PermanentFetchError), url


@pytest.mark.parametrize("idle_pool", [0.0, 300.0])
def test_connections_are_reused_then_closed_when_idle(
    server: FaultServer, policy: FetchPolicy, idle_pool: float
) -> None:
    server.route("/p", ok(b"x", "text/html"))
    pace = replace(policy.pace, idle_pool=idle_pool)
    with Crawler(replace(policy, pace=pace)) as crawler:
        for _ in range(2):
            (outcome,) = crawler.crawl([FetchRequest(server.url("/p"))])
            assert outcome.ok
    ports = [h.client_port for h in server.hits("/p")]
    assert (ports[0] == ports[1]) is (idle_pool > 0)
