"""A source's own headers (User-Agent override, cookies) reach its host and no other, robots.txt
is read for the User-Agent actually sent, and every response says how long it took."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from naql.errors import DisallowedByRobots
from naql.fetch import Crawler, Fetcher, FetchPolicy, FetchRequest
from tests.fetch.faultserver import FaultServer, Reply, ok, redirect

AGENT = "outlet-approved-bot/3.1"
HEADERS = (("User-Agent", AGENT), ("Cookie", "consent=yes"))


@pytest.fixture
def other() -> Iterator[FaultServer]:
    """A second host (another loopback address) that redirects may lead to."""
    with FaultServer(host="127.0.0.2") as s:
        yield s


def _chain(server: FaultServer, other: FaultServer) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect(other.url("/c")))
    other.route("/c", ok(b"<html>page</html>", "text/html"))


def test_the_fetcher_sends_them_and_drops_the_cookie_off_host(
    server: FaultServer, other: FaultServer, policy: FetchPolicy
) -> None:
    _chain(server, other)
    with Fetcher(policy) as f:
        r = f.get(server.url("/a"), headers=dict(HEADERS))
    assert r.url == other.url("/c")
    assert r.elapsed > 0
    (a,), (b,), (c,) = server.hits("/a"), server.hits("/b"), other.hits("/c")
    assert a.headers["user-agent"] == b.headers["user-agent"] == c.headers["user-agent"] == AGENT
    assert a.headers["cookie"] == b.headers["cookie"] == "consent=yes"
    assert "cookie" not in c.headers


def test_the_crawler_sends_them_per_request_and_keeps_its_own_otherwise(
    server: FaultServer, other: FaultServer, policy: FetchPolicy
) -> None:
    _chain(server, other)
    server.route("/robots.txt", ok("User-agent: *\nAllow: /\n", "text/plain"))
    other.route("/robots.txt", ok("User-agent: *\nAllow: /\n", "text/plain"))
    server.route("/plain", ok(b"<html>plain</html>", "text/html"))
    with Crawler(policy) as crawler:
        outcomes = list(crawler.crawl([
            FetchRequest(server.url("/a"), key="a", headers=HEADERS),
            FetchRequest(server.url("/plain"), key="plain"),
        ]))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert all(o.response is not None and o.response.elapsed > 0 for o in outcomes)
    assert other.hits("/c")[0].headers["user-agent"] == AGENT
    assert "cookie" not in other.hits("/c")[0].headers
    plain = server.hits("/plain")[0].headers
    assert plain["user-agent"] == policy.user_agent
    assert "cookie" not in plain


def test_robots_txt_is_read_for_the_user_agent_sent(
    server: FaultServer, policy: FetchPolicy
) -> None:
    server.route(
        "/robots.txt",
        ok(f"User-agent: {AGENT.split('/', maxsplit=1)[0]}\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
           "text/plain"),
    )
    server.route("/page", ok(b"<html>page</html>", "text/html"))
    with Crawler(policy) as crawler:
        ours, theirs = sorted(
            crawler.crawl([
                FetchRequest(server.url("/page"), key="ours"),
                FetchRequest(server.url("/page"), key="theirs", headers=HEADERS),
            ]),
            key=lambda o: str(o.request.key),
        )
    assert ours.ok
    assert isinstance(theirs.error, DisallowedByRobots)
    assert AGENT in str(theirs.error)


def test_the_crawler_sends_back_a_cookie_the_host_set_and_credentials_in_the_url(
    server: FaultServer, policy: FetchPolicy
) -> None:
    """What httpx's client did for every request still holds now that the crawler hands its
    requests to the transport: a cookie a host sets comes back on its next request, and
    user:password in a URL is sent as Basic auth."""
    server.route("/set", Reply(body=b"<p>x</p>", headers={"Set-Cookie": "sid=42; Path=/"}))
    server.route("/next", ok(b"<p>y</p>", "text/html"))
    server.route("/auth", ok(b"<p>z</p>", "text/html"))
    with Crawler(policy) as crawler:
        assert all(o.ok for o in crawler.crawl([FetchRequest(server.url("/set"))]))
        assert all(o.ok for o in crawler.crawl([FetchRequest(server.url("/next"))]))
        auth = server.url("/auth").replace("http://", "http://reader:secret@")
        assert all(o.ok for o in crawler.crawl([FetchRequest(auth)]))
    (first,), (again,), (credentials,) = server.hits("/set"), server.hits("/next"), server.hits("/auth")
    assert "cookie" not in first.headers
    assert again.headers["cookie"] == "sid=42"
    assert credentials.headers["authorization"] == "Basic cmVhZGVyOnNlY3JldA=="
    assert again.headers["user-agent"] == policy.user_agent
    assert again.headers["accept-encoding"] == "gzip, deflate, br"
