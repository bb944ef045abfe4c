"""``naql sources check``: a dry run against the demo newsroom over real HTTP, storing nothing."""

from __future__ import annotations

import json
import socket

import pytest

from naql.demo.newsroom import Newsroom, load_sample
from tests.conftest import run_naql


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.postgres
def test_check_extracts_three_articles_and_stores_nothing(naql_env: dict[str, str]) -> None:
    with Newsroom(articles=load_sample()[:30], host="127.0.0.1") as room:
        outlet = next(o for o in room.outlets if not o.is_aggregator and o.feed_url)
        assert outlet.feed_url is not None
        added = json.loads(run_naql(naql_env, "sources", "add", outlet.feed_url, "--json").stdout)
        served_titles = {p.article.title for p in room.pages if p.outlet == outlet.slug}
        proc = run_naql(naql_env, "sources", "check", added["slug"], "--json")
        report = json.loads(proc.stdout)
        assert report["ok"] is True
        assert report["feeds"][0]["url"] == outlet.feed_url
        assert report["feeds"][0]["items"] > 3
        assert report["feeds"][0]["error"] is None
        assert len(report["articles"]) == 3
        for article in report["articles"]:
            assert article["title"] in served_titles
            assert article["words"] > 20
            assert article["excerpt"]
        # By homepage: discovery finds the same feed.
        args = ("sources", "check", outlet.homepage, "--sample", "1", "--json")
        by_home = json.loads(run_naql(naql_env, *args).stdout)
        assert by_home["ok"] is True
        assert len(by_home["articles"]) == 1
    # Nothing was stored: no article, no entry waiting, the source's health untouched.
    assert json.loads(run_naql(naql_env, "articles", "--json").stdout) == []
    health = json.loads(run_naql(naql_env, "health", "--json").stdout)
    assert health["queue"]["extract"]["due"] == 0
    (source,) = health["sources"]
    assert source["last_success_at"] is None
    assert source["consecutive_failures"] == 0


@pytest.mark.postgres
def test_check_of_an_unreachable_source_exits_1_with_the_error(naql_env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    proc = run_naql(naql_env, "sources", "check", url, "--json", check=False)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    assert report["articles"] == []
    assert report["feeds"][0]["error_kind"]
    assert "extracted no article" in proc.stderr
    missing = run_naql(naql_env, "sources", "check", "nope", check=False)
    assert missing.returncode == 1
    assert "no such source" in missing.stderr
    assert run_naql(naql_env, "sources", "check", check=False).returncode == 2
