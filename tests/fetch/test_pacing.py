"""Pacing, backoff, robots.txt status rules and Retry-After/Cache-Control reading, with a
fake clock: the arithmetic is tested without sleeping."""

from __future__ import annotations

import random

import pytest

from naql.errors import PermanentFetchError, RateLimited, TransientFetchError
from naql.fetch.http import Response, cache_max_age, parse_retry_after
from naql.fetch.pacing import Pacer, backoff_delay
from naql.fetch.policy import PacePolicy
from naql.fetch.robots import product_token, rules_from_outcome


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_backoff_grows_is_jittered_and_capped() -> None:
    policy = PacePolicy(backoff_base=2.0, backoff_cap=60.0)
    rng = random.Random(7)
    for failures in range(1, 12):
        raw = min(60.0, 2.0 * 2 ** (failures - 1))
        samples = [backoff_delay(failures, policy, rng) for _ in range(50)]
        assert all(raw / 2 <= s <= raw for s in samples)
        assert len(set(samples)) > 1  # jitter: hosts failing together spread out
    assert backoff_delay(0, policy, rng) == 0.0
    assert backoff_delay(10_000, policy, rng) <= 60.0


def test_pacer_spaces_starts_and_backs_off() -> None:
    clock = Clock()
    pacer = Pacer(
        PacePolicy(min_delay=1.0, backoff_base=4.0, backoff_cap=30.0), clock, random.Random(1)
    )
    assert pacer.wait("h") == 0.0
    pacer.start("h")
    clock.now += 0.2
    pacer.finish("h", failed=False)
    assert pacer.wait("h") == pytest.approx(1.0)  # a full delay after the answer
    assert pacer.wait("other") == 0.0  # hosts are independent
    clock.now += 1.0
    pacer.start("h")
    pacer.finish("h", failed=True)
    assert 2.0 <= pacer.wait("h") <= 4.0
    clock.now += 5
    pacer.start("h")
    pacer.finish("h", failed=True, retry_after=20)
    assert pacer.wait("h") == pytest.approx(20.0)
    clock.now += 20
    pacer.start("h")
    pacer.finish("h", failed=False)
    assert pacer.host("h").failures == 0


def test_crawl_delay_is_clamped_and_applies_to_the_next_request() -> None:
    clock = Clock()
    pacer = Pacer(PacePolicy(min_delay=1.0, max_crawl_delay=10.0), clock)
    pacer.start("h")
    pacer.finish("h", failed=False)
    pacer.set_crawl_delay("h", 5.0)
    assert pacer.wait("h") == pytest.approx(5.0)
    pacer.set_crawl_delay("h", 3600.0)
    assert pacer.host("h").delay == 10.0
    pacer.set_crawl_delay("h", 0.1)
    assert pacer.host("h").delay == 1.0


def test_robots_status_rules_follow_rfc_9309() -> None:
    url = "https://n.example/ar/1.html"
    missing = rules_from_outcome(PermanentFetchError("HTTP 404", url=url, status=404))
    assert missing.allows(url, "naql/1")
    for error in (
        TransientFetchError("HTTP 500", url=url, status=500),
        TransientFetchError("network", url=url),
        RateLimited("HTTP 429", url=url, status=429),
    ):
        rules = rules_from_outcome(error)
        assert not rules.reachable
        assert not rules.allows(url, "naql/1")
    body = b"User-agent: naql\nDisallow: /ar/\nCrawl-delay: 7\n\nUser-agent: *\nDisallow: /\n"
    rules = rules_from_outcome(
        Response(url="https://n.example/robots.txt", status=200, content=body)
    )
    assert not rules.allows(url, "naql/0.1 (+https://naql.invalid/bot)")
    assert rules.allows("https://n.example/en/", "naql/0.1 (+https://naql.invalid/bot)")
    assert not rules.allows("https://n.example/en/", "otherbot/2")
    assert rules.crawl_delay("naql/0.1") == 7.0
    assert product_token("naql/0.1 (+https://naql.invalid/bot)") == "naql"


def test_retry_after_and_cache_control_reading() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 60) == 60.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=2e9) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert cache_max_age("public, max-age=300") == 300
    assert cache_max_age("no-cache, max-age=300") == 0
    assert cache_max_age("private") is None
