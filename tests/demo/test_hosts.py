"""Spreading outlets over loopback hosts, splitting them for benchmarks, and refusing others."""

from __future__ import annotations

import socket
from collections import Counter

import httpx
import pytest

from naql.demo.newsroom import Newsroom, load_sample
from naql.errors import ConfigError


def test_many_splits_every_outlet_over_distinct_hosts() -> None:
    articles = load_sample()
    with Newsroom.many(articles, n_hosts=12) as room, httpx.Client(trust_env=False) as client:
        news = [o for o in room.outlets if not o.is_aggregator]
        assert len(news) == 12
        assert len({o.host for o in room.outlets}) == 13
        assert {o.host for o in news} == {f"127.0.0.{i}" for i in range(2, 14)}
        outlets = ("alarabiya", "bbc_arabic", "cnn_arabic", "france24_arabic",
                   "skynews_arabia", "jawharafm")
        assert Counter(o.source for o in news) == Counter(dict.fromkeys(outlets, 2))
        originals = [p for p in room.pages if not p.is_copy]
        assert sorted(p.article.id for p in originals) == sorted(a.id for a in articles)
        for outlet in news:
            mine = [p for p in originals if p.outlet == outlet.slug]
            assert mine
            assert all(p.url.startswith(outlet.homepage) for p in mine)
            assert all(p.article.outlet == outlet.source for p in mine)
            before = len(room.requests.for_outlet(outlet.slug))
            assert client.get(mine[0].url).status_code == 200
            assert len(room.requests.for_outlet(outlet.slug)) == before + 1


def test_hosts_spread_outlets_round_robin() -> None:
    articles = [a for a in load_sample() if a.outlet in {"bbc_arabic", "jawharafm"}]
    with Newsroom(articles, hosts=["127.0.0.5", "127.0.0.6"]) as room:
        assert [o.host for o in room.outlets] == ["127.0.0.5", "127.0.0.6", "127.0.0.5"]
        assert [o.slug for o in room.outlets] == ["bbc_arabic", "jawharafm", "zad_alakhbar"]


def test_base_port_gives_fixed_ports() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    articles = [a for a in load_sample() if a.outlet == "alarabiya"]
    try:
        room = Newsroom(articles, base_port=free).start()
    except OSError:
        pytest.skip("the probed port range was taken meanwhile")
    with room:
        assert [o.port for o in room.outlets] == [free, free + 1]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "localhost"])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(ConfigError):
        Newsroom(load_sample()[:10], host=host)


def test_unknown_outlets_borrow_a_template() -> None:
    from dataclasses import replace

    articles = [replace(a, outlet="another_paper") for a in load_sample()[:20]]
    with Newsroom(articles) as room, httpx.Client(trust_env=False) as client:
        assert room.outlets[0].slug == "another_paper"
        page = room.pages[0]
        assert page.article.title in client.get(page.url).text
