"""``naql sources backfill``: older articles from the demo newsroom's sitemaps (served over real
HTTP on 127.0.0.1), within a date range, through the normal extract and publish stages."""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from naql.demo.newsroom import Newsroom, ServedPage, load_sample
from naql.fetch import canonicalize_url
from tests.conftest import NAQL, run_naql

pytestmark = pytest.mark.postgres


def _json(env: dict[str, str], *args: str) -> Any:
    return json.loads(run_naql(env, *args, "--json").stdout)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _static(files: dict[str, str]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving ``files`` (path → XML); yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _index(*children: str) -> str:
    entries = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>')


def _pages(room: Newsroom, outlet: str) -> list[ServedPage]:
    return sorted((p for p in room.pages if p.outlet == outlet), key=lambda p: p.published)


def test_backfill_takes_a_date_range_from_the_sitemap_through_the_stages(
    naql_env: dict[str, str],
) -> None:
    with Newsroom(articles=load_sample()[:40]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        pages = _pages(room, outlet.slug)
        slug = _json(naql_env, "sources", "add", outlet.feed_url)["slug"]
        since, until = pages[5].published, pages[14].published
        wanted = {canonicalize_url(p.url): p.article.title for p in pages[5:15]}
        report = _json(naql_env, "sources", "backfill", slug,
                       "--since", since.isoformat(), "--until", until.isoformat())
        # Found through robots.txt's Sitemap: line; nothing outside the window was fetched.
        assert [s["url"] for s in report["sitemaps"]] == [outlet.homepage + "sitemap.xml"]
        assert report["sitemaps"][0]["urls"] == len(pages)
        assert report["listed"] == len(pages)
        assert report["in_range"] == report["new_entries"] == len(wanted) == 10
        assert report["articles"] == report["published"] == 10
        assert report["rejected"] == report["failed"] == report["pending"] == 0
        assert report["since"] == since.isoformat()
        requested = {unquote(urlsplit(r.path).path) for r in room.requests.for_outlet(outlet.slug)}
        inside = {unquote(urlsplit(p.url).path) for p in pages[5:15]}
        outside = {unquote(urlsplit(p.url).path) for p in pages} - inside
        assert inside <= requested
        assert not outside & requested
        articles = _json(naql_env, "articles")
        assert {a["url"]: a["title"] for a in articles} == wanted
        assert all(a["story"] is not None and a["hidden"] is False for a in articles)
        (health,) = _json(naql_env, "health")["sources"]
        assert health["mean_fetch_ms"] is not None  # the sitemap fetch was timed

        # Again: everything is known. A wider range with --limit takes the newest first.
        again = _json(naql_env, "sources", "backfill", slug, "--since", since.isoformat(),
                      "--until", until.isoformat())
        assert (again["new_entries"], again["already_known"]) == (0, 10)
        newest = _json(naql_env, "sources", "backfill", slug, "--since",
                       since.date().isoformat(), "--limit", "3")
        assert newest["new_entries"] == 3
        assert newest["in_range"] >= len(pages) - 5
        urls = {a["url"] for a in _json(naql_env, "articles")}
        assert {canonicalize_url(p.url) for p in pages[-3:]} <= urls
        assert len(urls) == 13


def test_backfill_walks_nested_sitemap_indexes_and_news_sitemaps(
    naql_env: dict[str, str],
) -> None:
    sky = [a for a in load_sample() if a.outlet == "skynews_arabia"][:12]
    with Newsroom(articles=sky) as room:
        outlet = room.outlet("skynews_arabia")
        assert outlet.feed_url is not None
        assert outlet.sitemap_url is not None
        files: dict[str, str] = {}
        with _static(files) as base:
            files["/index.xml"] = _index(f"{base}/nested.xml", outlet.homepage + "sitemap.xml")
            files["/nested.xml"] = _index(outlet.sitemap_url, f"{base}/missing.xml")
            slug = _json(naql_env, "sources", "add", outlet.feed_url)["slug"]
            report = _json(naql_env, "sources", "backfill", slug, "--sitemap",
                           f"{base}/index.xml")
        read = {s["url"]: s for s in report["sitemaps"]}
        assert set(read) == {f"{base}/index.xml", f"{base}/nested.xml", f"{base}/missing.xml",
                             outlet.homepage + "sitemap.xml", outlet.sitemap_url}
        assert read[f"{base}/index.xml"]["children"] == 2
        assert "404" in read[f"{base}/missing.xml"]["error"]
        assert read[outlet.sitemap_url]["urls"] == 12  # the Google News sitemap
        assert report["listed"] == 24
        assert report["in_range"] == report["new_entries"] == 12  # each page once
        assert report["articles"] + report["rejected"] == 12
        assert report["articles"] >= 10
        titles = {a["title"] for a in _json(naql_env, "articles")}
        assert titles <= {a.title for a in sky}


def test_backfill_errors_and_exit_codes(naql_env: dict[str, str]) -> None:
    unknown = run_naql(naql_env, "sources", "backfill", "nope", check=False)
    assert unknown.returncode == 1
    assert "no such source: nope" in unknown.stderr
    bad_date = run_naql(naql_env, "sources", "backfill", "nope", "--since", "yesterday",
                        check=False)
    assert bad_date.returncode == 2
    assert "is not a date" in bad_date.stderr
    with Newsroom(articles=load_sample()[:5]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        slug = _json(naql_env, "sources", "add", outlet.feed_url)["slug"]
    swapped = run_naql(naql_env, "sources", "backfill", slug, "--since", "2017-03-01",
                       "--until", "2017-02-01", check=False)
    assert swapped.returncode == 1
    assert "--since is after --until" in swapped.stderr
    gone = f"http://127.0.0.1:{_closed_port()}/sitemap.xml"
    down = run_naql(naql_env, "sources", "backfill", slug, "--sitemap", gone, "--json",
                    check=False)
    assert down.returncode == 1
    assert "no sitemap could be read" in down.stderr
    report = json.loads(down.stdout)
    assert report["sitemaps"][0]["url"] == gone
    assert report["sitemaps"][0]["error"]
    assert report["new_entries"] == 0
    run_naql(naql_env, "sources", "pause", slug)
    paused = run_naql(naql_env, "sources", "backfill", slug, check=False)
    assert paused.returncode == 1
    assert "is paused; resume it first" in paused.stderr


def test_backfill_shows_a_progress_bar_on_a_terminal(naql_env: dict[str, str]) -> None:
    with Newsroom(articles=load_sample()[:8]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        slug = _json(naql_env, "sources", "add", outlet.feed_url)["slug"]
        master, slave = pty.openpty()
        env = {**naql_env, "TERM": "xterm-256color", "COLUMNS": "120"}
        chunks: list[bytes] = []

        def read() -> None:
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        proc = subprocess.run([NAQL, "sources", "backfill", slug, "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=slave, timeout=300, check=False)
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["articles"] == 8  # stdout stays pure JSON
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "reading sitemaps" in shown
    assert "fetching articles" in shown
    assert "8/8" in shown
