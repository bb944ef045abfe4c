"""End-to-end ingest throughput, side by side with extraction alone on the same pages.

    .venv/bin/python benchmarks/ingest.py [--articles 5000] [--hosts 20] [--workers 1,2,4]

Serves the first N distinct ANT multisource articles (../shared/data) from a local newsroom
spread over loopback hosts, with politeness delays set to zero, then measures:
  * extraction alone: ``naql.extract.extract_article`` over every page's bytes, in-process;
  * fetch + extraction: the same pages fetched by naql's ``Crawler`` (robots.txt, pacing at
    delay 0, one connection pool per host) and extracted as they arrive, in a child process
    with no database: the floor of any pipeline that fetches over HTTP;
  * ``naql run`` on SQLite (the all-in-one process);
  * 1, 2 and 4 ``naql worker`` processes on PostgreSQL (when NAQL_BENCH_POSTGRES_URL is set).
Articles per second are counted from the first poll to the last article published; CPU
milliseconds per article add up every process of the setup (the newsroom excluded), which
holds up on a shared machine where wall time does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from naql.demo.newsroom import Newsroom, load_sample  # noqa: E402
from naql.extract import extract_article  # noqa: E402

NAQL = str(ROOT / ".venv" / "bin" / "naql")
SHARED = ROOT.parent / "shared" / "data" / "articles" / "ant_multisource.dev.jsonl.gz"


def articles(n: int) -> tuple[object, ...]:
    seen: set[str] = set()
    out = []
    for a in load_sample(SHARED):
        if a.url in seen or len(a.body) < 300 or not a.title:
            continue
        seen.add(a.url)
        out.append(a)
        if len(out) == n:
            break
    return tuple(out)


class Rate(NamedTuple):
    """Articles per second of wall time, and CPU milliseconds per article (every process of
    the setup counted): the second is the figure to judge by on a loaded machine."""

    per_second: float
    cpu_ms: float


def extraction_alone(room: Newsroom) -> Rate:
    pages = []
    with httpx.Client() as client:
        for p in room.pages:
            pages.append((client.get(p.url).content, p.url))
    t, c = time.perf_counter(), time.process_time()
    for content, url in pages:
        extract_article(content, url=url)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return Rate(len(pages) / wall, 1000 * cpu / len(pages))


def _fetch_and_extract_child(urls_file: str) -> None:
    """In the child: crawl every URL, extract each page as it arrives, print nothing."""
    from naql.fetch import Crawler, FetchPolicy, FetchRequest, PacePolicy

    urls = Path(urls_file).read_text().split()
    policy = FetchPolicy(pace=PacePolicy(min_delay=0.0))
    with Crawler(policy) as crawler:
        for outcome in crawler.crawl(FetchRequest(u) for u in urls):
            if outcome.response is None:
                raise SystemExit(f"{outcome.request.url}: {outcome.error}")
            extract_article(outcome.response.content, url=outcome.request.url)


def fetch_and_extract(room: Newsroom) -> Rate:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(p.url for p in room.pages))
    try:
        t, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, __file__, "--fetch-child", f.name], check=True)
        wall, used = time.perf_counter() - t, _children_cpu() - cpu
    finally:
        os.unlink(f.name)
    n = sum(1 for _ in room.pages)
    return Rate(n / wall, 1000 * used / n)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def opml(room: Newsroom, path: Path) -> Path:
    body = "".join(
        f'<outline text="{o.slug}-{o.port}" xmlUrl="{o.feed_url}"/>' for o in room.outlets if o.feed_url
    )
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{body}</body></opml>')
    return path


def count_done(env: dict[str, str]) -> tuple[int, int]:
    sql = (
        "SELECT (SELECT count(*) FROM news_article WHERE state='done'),"
        " (SELECT count(*) FROM news_entry WHERE state='pending')"
        " + (SELECT count(*) FROM news_article WHERE state='pending')"
    )
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)) as c:
            row = c.execute(sql).fetchone()
    else:
        with sqlite3.connect(Path(env["NAQL_HOME"]) / "naql.sqlite3", timeout=30) as c:
            row = c.execute(sql).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def run_pipeline(room: Newsroom, env: dict[str, str], commands: list[list[str]], total: int) -> Rate:
    subprocess.run([NAQL, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([NAQL, "sources", "import-opml", str(opml(room, Path(env["NAQL_HOME"]) / "s.opml"))],
                   env=env, check=True, capture_output=True)
    t, cpu = time.perf_counter(), _children_cpu()
    procs = [subprocess.Popen([NAQL, *c], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for c in commands]
    try:
        while True:
            time.sleep(0.5)
            done, pending = count_done(env)
            if done >= total * 0.98 and pending == 0:
                break
            if time.perf_counter() - t > 3600:
                raise RuntimeError("ingest did not finish within an hour")
        elapsed = time.perf_counter() - t
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)
    # The processes' CPU until they exit, so a little idle time after the last article too.
    return Rate(done / elapsed, 1000 * (_children_cpu() - cpu) / max(done, 1))


def median(rates: list[Rate]) -> Rate:
    return Rate(statistics.median(r.per_second for r in rates),
                statistics.median(r.cpu_ms for r in rates))


def fresh_env(home: Path, pg: str | None) -> tuple[dict[str, str], str | None]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAQL_") and k != "DATABASE_URL"}
    env.update(NAQL_HOME=str(home), NAQL_HOST_DELAY="0", NAQL_LOG_LEVEL="WARNING")
    if not pg:
        return env, None
    import psycopg

    name = f"naql_bench_ingest_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(pg)
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))
    return env, name


def drop(pg: str, name: str) -> None:
    import psycopg

    parts = urlsplit(pg)
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, "/postgres", "", "")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--fetch-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.fetch_child:
        _fetch_and_extract_child(args.fetch_child)
        return
    pg = os.environ.get("NAQL_BENCH_POSTGRES_URL")
    # Every server's feed must list all its articles (the demo feeds carry 150).
    hosts = max(args.hosts, args.articles // 100)
    with Newsroom.many(articles(args.articles), n_hosts=hosts) as room:
        total = sum(1 for p in room.pages)
        print(f"newsroom: {total} pages over {len(room.outlets)} servers; cores: {os.cpu_count()}")
        rows: list[tuple[str, Rate]] = []
        rows.append(("extraction alone (1 process)", median([extraction_alone(room)
                                                              for _ in range(args.runs)])))
        rows.append(("fetch + extraction (no database)", median([fetch_and_extract(room)
                                                                  for _ in range(args.runs)])))
        setups: list[tuple[str, list[list[str]], bool]] = [("naql run, SQLite", [["run", "--port", "0"]], False)]
        setups += [(f"{n} x naql worker, PostgreSQL", [["worker"]] * n, True)
                   for n in map(int, args.workers.split(","))]
        for label, commands, needs_pg in setups:
            if needs_pg and not pg:
                print(f"{label}: skipped (set NAQL_BENCH_POSTGRES_URL)")
                continue
            rates: list[Rate] = []
            for _ in range(args.runs):
                home = Path(tempfile.mkdtemp(prefix="naql-bench-"))
                env, name = fresh_env(home, pg if needs_pg else None)
                try:
                    rates.append(run_pipeline(room, env, commands, total))
                finally:
                    shutil.rmtree(home, ignore_errors=True)
                    if name and pg:
                        drop(pg, name)
            rows.append((label, median(rates)))
        base = rows[0][1]
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
        print(f"{'setup':<34} {'articles/s':>10} {'× slower':>9} {'CPU ms/article':>15} {'× CPU':>6}")
        for label, rate in rows:
            print(f"{label:<34} {rate.per_second:>10.1f} {base.per_second / rate.per_second:>9.2f}"
                  f" {rate.cpu_ms:>15.1f} {rate.cpu_ms / base.cpu_ms:>6.2f}")


if __name__ == "__main__":
    main()
