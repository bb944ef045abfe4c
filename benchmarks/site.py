"""How fast the public site answers: requests/s and p99 latency under wrk, against
``naql serve`` (gunicorn, 2 sync workers), with N articles stored, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/site.py [--articles 100000] [--duration 10] [--connections 8]
                                        [--databases sqlite,postgres] [--pages home,article,…]
                                        [--runs 3]

Pages: the home page, one article (served from the page cache after the first request), an
article picked at random per request (nearly every request a cache miss: the cost of a
render), and one search. Needs Debian's ``wrk``; PostgreSQL at ``BENCH_POSTGRES_URL`` (default
the dev server on 127.0.0.1:5433). The data is stored once and kept for the next run: SQLite
in ``--home`` (default /tmp/naql-bench-site), PostgreSQL in the database ``naql_bench_site_N``
next to BENCH_POSTGRES_URL; ``--fresh`` rebuilds both. ``--runs N`` repeats the whole
measurement (a fresh server each time) and prints the median of each figure, with the 1-minute
load average before and after every run: the machine is shared. Figures go into
benchmarks/RESULTS.md by hand after review.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAQL = ROOT / ".venv" / "bin" / "naql"
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5433/naql")
WORDS = [
    "الحكومة",
    "الوزير",
    "الرئيس",
    "المحادثات",
    "الاقتصاد",
    "النفط",
    "الأسعار",
    "الانتخابات",
    "البرلمان",
    "المدينة",
    "الأمن",
    "الحدود",
    "الصحة",
    "التعليم",
    "الجامعة",
    "المباراة",
    "المنتخب",
    "الدوري",
    "الشركة",
    "السوق",
    "البورصة",
    "المفاوضات",
    "الاتفاق",
    "القمة",
    "العاصمة",
    "الزلزال",
    "الأمطار",
    "الطقس",
    "المستشفى",
    "الطلاب",
    "المشروع",
    "الطاقة",
    "الشمسية",
    "المياه",
    "الزراعة",
    "القمح",
    "التجارة",
    "الميناء",
    "المطار",
    "السياحة",
    "الثقافة",
    "المهرجان",
]
RANDOM_ARTICLE_LUA = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/article/" .. math.random(1, {n}) .. "/")
end
"""


@dataclass(frozen=True)
class Result:
    page: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def populate(n: int) -> None:
    """Store ``n`` published articles (20 outlets, 8 sections, stories of 5) and index them."""
    import django

    django.setup()
    import datetime as dt

    from django.utils import timezone

    from naql.news.models import Article, StageState, Story
    from naql.search.indexing import reindex
    from naql.sources.models import Policy, Section, Source

    rng = random.Random(7)
    sections = [Section.objects.create(slug=f"s{i}", name=f"قسم {i}") for i in range(8)]
    policies = [Policy.FULL, Policy.EXCERPT, Policy.LINK]
    sources = [
        Source.objects.create(
            slug=f"outlet-{i}", name=f"المنفذ {i}", homepage=f"https://outlet{i}.example/",
            policy=policies[i % 3], section=sections[i % 8],
        )
        for i in range(20)
    ]  # fmt: skip
    now = timezone.now()
    batch = 5000
    for start in range(0, n, batch):
        stories = Story.objects.bulk_create(
            Story(title=_sentence(rng, 6), first_published_at=now, last_published_at=now,
                  article_count=5, source_count=5)
            for _ in range(batch // 5)
        )  # fmt: skip
        articles = []
        for i in range(start, min(start + batch, n)):
            src = sources[i % 20]
            body = "\n\n".join(_sentence(rng, 40) for _ in range(4))
            articles.append(
                Article(
                    source=src, url=f"https://{src.slug}.example/a/{i}", title=_sentence(rng, 8),
                    body_text=body, body_html="".join(f"<p>{p}</p>" for p in body.split("\n\n")),
                    state=StageState.DONE, section=src.section, lang="ar",
                    published_at=now - dt.timedelta(minutes=(n - i) * 2),
                    story=stories[(i - start) // 5],
                )
            )  # fmt: skip
        Article.objects.bulk_create(articles)
        print(f"  stored {min(start + batch, n)}/{n}", file=sys.stderr)
    print(f"  indexed {reindex()}", file=sys.stderr)


def cpu_per_request(articles: int) -> None:
    """CPU milliseconds per request in process (Django's test client): less sensitive to a
    busy machine than wrk, and what the requests/s of an idle server follow from."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    search = "/search/?q=" + urllib.request.quote("النفط")
    for url in (f"/article/{articles // 2}/", "/", search):
        client.get(url)
        started = time.process_time()
        for _ in range(300):
            client.get(url)
        print(f"| {url} cached | {(time.process_time() - started) / 300 * 1000:.2f} |")
    started = time.process_time()
    for i in range(1, 101):
        client.get(f"/article/{i * (articles // 101)}/")
    print(f"| article uncached | {(time.process_time() - started) / 100 * 1000:.1f} |")
    article = f"/article/{articles // 2}/"
    for label, headers in (
        ("no cookie, identity: what wrk sends", {}),
        ("a browser: CSRF cookie, gzip", {"HTTP_COOKIE": "csrftoken=" + "a" * 32,
                                           "HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}),
    ):  # fmt: skip
        _wsgi_get(article, headers)
        started = time.process_time()
        for _ in range(1000):
            _wsgi_get(article, headers)
        ms = (time.process_time() - started) / 1000 * 1000
        print(f"| {article} cached, WSGI call as gunicorn makes it ({label}) | {ms:.2f} |")


def _wsgi_get(path: str, headers: dict[str, str]) -> None:
    """One GET through the WSGI application exactly as gunicorn calls it (no test client)."""
    import io

    from naql.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False, **headers,
    }  # fmt: skip
    statuses: list[str] = []
    body = application(environ, lambda status, _headers, _exc=None: statuses.append(status))
    b"".join(body)
    body.close()  # type: ignore[attr-defined]
    assert statuses[0].startswith("200"), statuses


def _postgres(name: str, fresh: bool) -> tuple[str, bool]:
    """The URL of database ``name`` (created if missing); and whether it must be populated."""
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        if fresh:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name, not exists


def _wait_up(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {timeout:.0f} s")


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        return float("nan")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def _wrk(page: str, url: str, args: argparse.Namespace, script: Path | None = None) -> Result:
    cmd = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--latency", url]
    if script is not None:
        cmd[1:1] = ["-s", str(script)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    print(out, file=sys.stderr)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    return Result(page, rps, p50, p99, errors.group(0) if errors else "none")


def _prepare(database: str, args: argparse.Namespace) -> dict[str, str]:
    """The environment for ``database``, its data stored (once) and migrated."""
    home = Path(args.home) / database
    if args.fresh and home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAQL_")}
    env.update(NAQL_HOME=str(home), NAQL_SECRET_KEY="bench-" + "x" * 40, NAQL_LOG_LEVEL="WARNING")
    env["DJANGO_SETTINGS_MODULE"] = "naql.settings"
    env.pop("DATABASE_URL", None)
    marker = home / f"populated-{args.articles}"
    if database == "postgres":
        env["DATABASE_URL"], empty = _postgres(f"naql_bench_site_{args.articles}", args.fresh)
        if empty:
            marker.unlink(missing_ok=True)
    subprocess.run([str(NAQL), "migrate"], env=env, check=True, capture_output=True)
    if not marker.exists():
        started = time.monotonic()
        subprocess.run(
            [sys.executable, __file__, "--populate", str(args.articles)], env=env, check=True
        )
        print(f"{database}: {args.articles} articles stored and indexed in "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr)  # fmt: skip
        marker.touch()
    return env


PAGES = ("home", "article", "random", "search")


def run_one(database: str, args: argparse.Namespace) -> list[Result]:
    """Serve and measure one database engine."""
    env = _prepare(database, args)
    home = Path(env["NAQL_HOME"])
    port = 18000 + random.randrange(1000)
    log = (home / "serve.log").open("w")
    server = subprocess.Popen(
        [str(NAQL), "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        _wait_up(base + "/")
        print(f"{database}: first home page after {time.monotonic() - started:.1f} s",
              file=sys.stderr)  # fmt: skip
        article = f"{base}/article/{args.articles // 2}/"
        search = f"{base}/search/?q=" + urllib.request.quote("المفاوضات النفط")
        for url in (base + "/", article, search) * 4:  # each worker has its own page cache
            urllib.request.urlopen(url, timeout=60).read()
        lua = home / "random.lua"
        lua.write_text(RANDOM_ARTICLE_LUA.replace("{n}", str(args.articles)))
        results = []
        for key, name, url, script in (
            ("home", "home", base + "/", None),
            ("article", "article (cached)", article, None),
            ("random", "article (random id, mostly uncached)", base + "/", lua),
            ("search", "search (cached)", search, None),
        ):
            if key not in args.pages.split(","):
                continue
            results.append(r := _wrk(name, url, args, script))
            print(f"| {database} | {r.page} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
                  f"| {r.errors} |", flush=True)  # fmt: skip
            results[-1] = Result(f"{database} | {r.page}", r.rps, r.p50_ms, r.p99_ms, r.errors)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pages", default=",".join(PAGES), help="of: " + ", ".join(PAGES))
    parser.add_argument("--runs", type=int, default=1, help="repeat, then print medians")
    parser.add_argument("--home", default="/tmp/naql-bench-site")  # noqa: S108 (a benchmark's scratch data)
    parser.add_argument("--fresh", action="store_true", help="store the data again")
    parser.add_argument("--prepare-only", action="store_true", help="store data, measure nothing")
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cpu", action="store_true", help="CPU ms per request, in process")
    parser.add_argument("--cpu-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(args.populate)
        return
    if args.cpu_child:
        cpu_per_request(args.cpu_child)
        return
    if args.cpu:
        for database in args.databases.split(","):
            env = _prepare(database, args)
            print(f"{database}:", flush=True)
            subprocess.run(
                [sys.executable, __file__, "--cpu-child", str(args.articles)], env=env, check=True
            )
        return
    if args.prepare_only:
        for database in args.databases.split(","):
            _prepare(database, args)
        return
    runs: list[list[Result]] = []
    for n in range(1, args.runs + 1):
        print(f"run {n}/{args.runs}, load average {_load()}")
        print("| database | page | requests/s | p50 ms | p99 ms | errors |")
        print("| --- | --- | ---: | ---: | ---: | --- |")
        runs.append([r for database in args.databases.split(",") for r in run_one(database, args)])
        print(f"end of run {n}, load average {_load()}\n", flush=True)
    if args.runs > 1:
        print(f"median of {args.runs} runs")
        print("| database | page | requests/s | p50 ms | p99 ms |")
        print("| --- | --- | ---: | ---: | ---: |")
        for i, first in enumerate(runs[0]):
            same = [run[i] for run in runs]
            print(f"| {first.page} | {statistics.median(r.rps for r in same):.0f} "
                  f"| {statistics.median(r.p50_ms for r in same):.1f} "
                  f"| {statistics.median(r.p99_ms for r in same):.1f} |")  # fmt: skip


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
