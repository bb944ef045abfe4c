"""The sync Fetcher against real HTTP faults: every failure is a typed error, every cap holds."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import brotli
import pytest

from naql.errors import (
    FetchTimeout,
    PermanentFetchError,
    RateLimited,
    RedirectLoop,
    TooLarge,
    TooManyRedirects,
    TransientFetchError,
)
from naql.fetch import Fetcher, FetchPolicy
from tests.fetch.faultserver import FaultServer, Reply, Seen, bomb, ok, redirect

FEED = "<rss version='2.0'><channel><title>أخبار</title></channel></rss>"


def test_ok_response_carries_caching_headers(server: FaultServer, policy: FetchPolicy) -> None:
    server.route(
        "/feed",
        Reply(
            body=FEED.encode(),
            headers={"ETag": '"v1"', "Cache-Control": "public, max-age=300", "Last-Modified": "x"},
        ),
    )
    with Fetcher(policy) as f:
        r = f.get(server.url("/feed"))
    assert r.status == 200
    assert r.content == FEED.encode()
    assert (r.etag, r.last_modified, r.max_age) == ('"v1"', "x", 300)
    assert server.hits("/feed")[0].headers["user-agent"] == policy.user_agent


def test_conditional_get_returns_304(server: FaultServer, policy: FetchPolicy) -> None:
    def feed(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        if seen.headers.get("if-modified-since") == "Tue, 01 Jan 2030 00:00:00 GMT":
            return Reply(status=304)
        return Reply(body=FEED.encode(), headers={"ETag": '"v1"'})

    server.route("/feed", feed)
    with Fetcher(policy) as f:
        first = f.get(server.url("/feed"))
        again = f.get(server.url("/feed"), etag=first.etag)
        by_date = f.get(server.url("/feed"), last_modified="Tue, 01 Jan 2030 00:00:00 GMT")
    assert not first.not_modified
    assert again.not_modified
    assert again.content == b""
    assert by_date.not_modified


def test_server_error_is_transient_and_404_permanent(
    server: FaultServer, policy: FetchPolicy
) -> None:
    server.route("/boom", Reply(status=500))
    with Fetcher(policy) as f:
        with pytest.raises(TransientFetchError) as e:
            f.get(server.url("/boom"))
        assert e.value.status == 500
        with pytest.raises(PermanentFetchError) as e2:
            f.get(server.url("/missing"))
        assert e2.value.status == 404


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds(server: FaultServer, policy: FetchPolicy, status: int) -> None:
    server.route("/busy", Reply(status=status, headers={"Retry-After": "120"}))
    with Fetcher(policy) as f, pytest.raises(RateLimited) as e:
        f.get(server.url("/busy"))
    assert e.value.retry_after == 120.0
    assert e.value.status == status


def test_retry_after_http_date(server: FaultServer, policy: FetchPolicy) -> None:
    when = datetime.now(UTC) + timedelta(minutes=10)
    server.route(
        "/busy", Reply(status=429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    )
    with Fetcher(policy) as f, pytest.raises(RateLimited) as e:
        f.get(server.url("/busy"))
    assert e.value.retry_after is not None
    assert 500 < e.value.retry_after <= 600


def test_redirects_are_followed_and_recorded(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/old", redirect("/new", 301))
    server.route("/new", redirect(server.url("/feed"), 307))
    server.route("/feed", ok(FEED))
    with Fetcher(policy) as f:
        r = f.get(server.url("/old"))
    assert r.url == server.url("/feed")
    assert r.redirects == (server.url("/old"), server.url("/new"))


def test_redirect_loop_is_detected(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    with Fetcher(policy) as f, pytest.raises(RedirectLoop, match="loop"):
        f.get(server.url("/a"))
    assert len(server.hits()) == 2  # noticed at the first repeat, not after max_redirects


def test_redirect_chain_longer_than_the_limit(server: FaultServer, policy: FetchPolicy) -> None:
    for i in range(10):
        server.route(f"/r{i}", redirect(f"/r{i + 1}"))
    with Fetcher(policy) as f, pytest.raises(TooManyRedirects):
        f.get(server.url("/r0"))
    assert len(server.hits()) == policy.max_redirects + 1


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_compression_bombs_are_capped(
    server: FaultServer, policy: FetchPolicy, encoding: str
) -> None:
    reply = bomb(encoding, 16 * policy.max_decoded_bytes)
    assert len(reply.body) < policy.max_bytes  # small on the wire: only the decoded cap can stop it
    server.route("/bomb", reply)
    with Fetcher(policy) as f, pytest.raises(TooLarge, match="decoded"):
        f.get(server.url("/bomb"))


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_compressed_bodies_are_decoded(
    server: FaultServer, policy: FetchPolicy, encoding: str
) -> None:
    raw = (FEED * 50).encode()
    body = {"gzip": gzip.compress, "br": brotli.compress, "deflate": __import__("zlib").compress}[
        encoding
    ](raw)
    server.route("/z", Reply(body=body, headers={"Content-Encoding": encoding}))
    with Fetcher(policy) as f:
        assert f.get(server.url("/z")).content == raw


def test_body_over_the_wire_cap(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/big", Reply(body=b"x" * (policy.max_bytes + 1)))
    with Fetcher(policy) as f, pytest.raises(TooLarge, match="on the wire"):
        f.get(server.url("/big"))


def test_slow_headers_hit_the_read_timeout(server: FaultServer) -> None:
    server.route("/slow", Reply(body=b"late", delay=1.5))
    policy = FetchPolicy(read_timeout=0.3, timeout=5.0)
    with Fetcher(policy) as f, pytest.raises(FetchTimeout):
        f.get(server.url("/slow"))


def test_dripping_body_hits_the_total_timeout(server: FaultServer) -> None:
    server.route("/drip", Reply(body=b"x" * 40, drip=40, drip_pause=0.1))
    policy = FetchPolicy(read_timeout=1.0, timeout=0.5)
    with Fetcher(policy) as f, pytest.raises(FetchTimeout, match="whole fetch"):
        f.get(server.url("/drip"))


def test_truncated_transfer_is_transient(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/cut", Reply(body=b"<rss><channel>", length=5000))
    with Fetcher(policy) as f, pytest.raises(TransientFetchError):
        f.get(server.url("/cut"))


def test_refused_connection_and_bad_urls(policy: FetchPolicy) -> None:
    with FaultServer() as dead:
        url = dead.url("/")
    with Fetcher(policy) as f:
        with pytest.raises(TransientFetchError):
            f.get(url)
        with pytest.raises(PermanentFetchError, match="http"):
            f.get("ftp://example.invalid/feed")
        with pytest.raises(PermanentFetchError):
            f.get("/relative/path")
