"""Kill workers at random moments while they ingest a newsroom; nothing is lost or doubled.

Real processes (``naql worker`` on PostgreSQL, ``naql run`` on SQLite), real SIGKILLs, a real
newsroom over several loopback hosts. At the end: every served article stored exactly once,
every stage finished, one story per group, and nothing left pending or leased forever.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from naql.demo.newsroom import Newsroom, load_sample
from naql.fetch import canonicalize_url
from tests.conftest import NAQL, postgres_pass_only, run_naql

ARTICLES = int(os.environ.get("NAQL_CRASH_TEST_ARTICLES", "5000"))
# The all-in-one process does the same work on one core's worth of SQLite writes; 2,000 articles
# exercise the same kills in a third of the time (the suite must stay well under 15 minutes).
SQLITE_ARTICLES = int(os.environ.get("NAQL_CRASH_TEST_SQLITE_ARTICLES", "2000"))
DEADLINE = 900.0


def _articles(shared: Path, n: int) -> tuple[Any, ...]:
    seen_urls: set[str] = set()
    seen_bodies: set[str] = set()
    picked = []
    for a in load_sample(shared / "articles" / "ant_multisource.dev.jsonl.gz"):
        if a.url in seen_urls or a.body in seen_bodies or len(a.body) < 300 or not a.title:
            continue
        seen_urls.add(a.url)
        seen_bodies.add(a.body)
        picked.append(a)
        if len(picked) == n:
            break
    return tuple(picked)


@pytest.fixture
def big_room(shared_data: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    n = SQLITE_ARTICLES if "sqlite" in request.node.name else ARTICLES
    with Newsroom.many(_articles(shared_data, n), n_hosts=max(8, n // 100)) as room:
        yield room


def _opml(room: Any, path: Path) -> Path:
    outlines = "".join(
        f'<outline text="{o.slug}-{o.port}" xmlUrl="{o.feed_url}" htmlUrl="{o.homepage}"/>'
        for o in room.outlets
        if o.feed_url
    )
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    return path


class Database:
    """Read-only counts straight from the database the processes write to."""

    def __init__(self, env: dict[str, str]) -> None:
        self.url = env.get("DATABASE_URL")
        self.path = Path(env["NAQL_HOME"]) / "naql.sqlite3"

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url:
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as c:
                return list(c.execute(sql).fetchall())
        with sqlite3.connect(self.path, timeout=30) as c:
            return list(c.execute(sql).fetchall())

    def unfinished(self) -> int:
        """Rows still to do, counting a feed never polled yet as work (its entries are unknown)."""
        unpolled = self.rows("SELECT count(*) FROM sources_endpoint WHERE last_polled_at IS NULL")
        entries = self.rows("SELECT count(*) FROM news_entry WHERE state = 'pending'")[0][0]
        articles = self.rows("SELECT count(*) FROM news_article WHERE state = 'pending'")[0][0]
        return int(unpolled[0][0]) + int(entries) + int(articles)


def _killing_loop(
    start: Any, procs: list[subprocess.Popen[bytes]], db: Database, rng: random.Random
) -> int:
    """SIGKILL a random process every few seconds and restart it, until all work is done."""
    kills = 0
    began = time.monotonic()
    time.sleep(4)
    while time.monotonic() - began < DEADLINE:
        if kills >= 3 and db.unfinished() == 0 and db.rows("SELECT count(*) FROM news_entry")[0][0]:
            return kills
        time.sleep(rng.uniform(2.0, 6.0))
        if kills < 12:
            i = rng.randrange(len(procs))
            procs[i].send_signal(signal.SIGKILL)
            procs[i].wait()
            kills += 1
            procs[i] = start()
    pytest.fail(f"work still unfinished after {DEADLINE:.0f} s ({db.unfinished()} rows pending)")


def _check_everything_once(room: Any, env: dict[str, str], db: Database) -> None:
    urls = [u for (u,) in db.rows("SELECT url FROM news_article")]
    assert len(urls) == len(set(urls))
    served = {canonicalize_url(p.url) for p in room.pages if not p.is_copy}
    missing = served - set(urls)
    assert not missing, f"{len(missing)} articles never stored, e.g. {sorted(missing)[:3]}"
    states = dict(db.rows("SELECT state, count(*) FROM news_entry GROUP BY state"))
    assert states.get("pending", 0) == 0, states
    assert states.get("failed", 0) == 0, states
    assert db.rows("SELECT count(*) FROM news_article WHERE state <> 'done'")[0][0] == 0
    assert db.rows("SELECT count(*) FROM news_article WHERE story_id IS NULL")[0][0] == 0
    empty = db.rows(
        "SELECT count(*) FROM news_story s WHERE NOT EXISTS "
        "(SELECT 1 FROM news_article a WHERE a.story_id = s.id)"
    )[0][0]
    assert empty == 0, f"{empty} stories have no article (a half-done publish survived a kill)"
    # A copy never points at another copy, and every canonical article is indexed once.
    chained = db.rows(
        "SELECT count(*) FROM news_article a JOIN news_article o ON a.duplicate_of_id = o.id "
        "WHERE o.duplicate_of_id IS NOT NULL"
    )[0][0]
    assert chained == 0
    visible = (
        "SELECT count(*) FROM news_article WHERE duplicate_of_id IS NULL AND hidden = false"
        if db.url
        else "SELECT count(*) FROM news_article WHERE duplicate_of_id IS NULL AND hidden = 0"
    )
    canon = db.rows(visible)[0][0]
    indexed = db.rows("SELECT count(*) FROM search_document")[0][0]
    assert indexed == canon


def _spawn(env: dict[str, str], args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([NAQL, *args], env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()


def _crash_env(naql_env: dict[str, str]) -> dict[str, str]:
    return {**naql_env, "NAQL_LEASE_SECONDS": "20", "NAQL_BATCH_SIZE": "25"}


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(1200)
@postgres_pass_only
def test_three_workers_killed_at_random_on_postgresql(
    big_room: Any, naql_env: dict[str, str], tmp_path: Path
) -> None:
    env = _crash_env(naql_env)
    run_naql(env, "sources", "import-opml", str(_opml(big_room, tmp_path / "s.opml")))
    db = Database(env)
    log = tmp_path / "workers.log"
    procs = [_spawn(env, ["worker"], log) for _ in range(3)]
    try:
        kills = _killing_loop(lambda: _spawn(env, ["worker"], log), procs, db, random.Random(7))
    finally:
        _stop(procs)
    assert kills >= 3
    _check_everything_once(big_room, env, db)
    assert "database is locked" not in log.read_text(errors="replace")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_all_in_one_process_killed_at_random_on_sqlite(
    big_room: Any, naql_env: dict[str, str], tmp_path: Path
) -> None:
    if "DATABASE_URL" in naql_env:
        pytest.skip("the all-in-one process runs on SQLite")
    env = _crash_env(naql_env)
    run_naql(env, "sources", "import-opml", str(_opml(big_room, tmp_path / "s.opml")))
    db = Database(env)
    log = tmp_path / "run.log"
    port = random.Random().randrange(20000, 40000)

    def start() -> subprocess.Popen[bytes]:
        return _spawn(env, ["run", "--port", str(port)], log)

    procs = [start()]
    try:
        kills = _killing_loop(start, procs, db, random.Random(11))
    finally:
        _stop(procs)
    assert kills >= 3
    _check_everything_once(big_room, env, db)
    assert "database is locked" not in log.read_text(errors="replace")
