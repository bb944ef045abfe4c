"""Search benchmark: quality (MRR@10 on known-item queries) and speed, side by side.

    .venv/bin/python benchmarks/search.py quality            # 4 systems + analyzer ablation
    .venv/bin/python benchmarks/search.py speed --size 100000 --backend sqlite
    .venv/bin/python benchmarks/search.py speed --size 1000000 --backend postgres --replicate

Quality runs naql's real ``search()`` on SQLite and on PostgreSQL (each in a subprocess with
Django pointed at a scratch database), a plain FTS5 ``unicode61 remove_diacritics 2`` table
and PostgreSQL's ``arabic`` configuration, all over the same dev corpus. Speed loads N
articles (the corpus resampled) and times ``reindex()`` and 1,000 ``search()`` calls; with
``--replicate`` only the corpus goes through the ORM and ``reindex()``, and SQL copies it
(articles and index rows, the engine indexing each copy) up to N, which is how a 1M run fits
in minutes on a shared machine. Scratch data: /tmp/naql-bench-search and PostgreSQL
databases named naql_bench_search_*; never the dev ``naql`` database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "src")]

from search_queries import Doc, KnownItem, build_queries, load_corpus  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SCRATCH = Path("/tmp/naql-bench-search")  # noqa: S108 (scratch data, deleted and rebuilt)
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5433")
N_QUERIES = 400
N_LATENCY = 1000


def mrr(ranks: list[int | None]) -> float:
    """Mean reciprocal rank, counting only ranks 1..10."""
    return sum(1 / r for r in ranks if r is not None and r <= 10) / len(ranks)


def first_relevant(keys: list[str], item: KnownItem) -> int | None:
    return next((i + 1 for i, k in enumerate(keys) if k in item.relevant), None)


# ---------------------------------------------------------------- worker (one backend)
def _setup_django(backend: str, name: str, *, reuse: bool = False) -> None:
    if reuse:
        pass
    elif backend == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
    else:
        home = SCRATCH / name
        if home.exists():
            for p in home.iterdir():
                p.unlink()
    if backend == "postgres":
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["NAQL_HOME"] = str(SCRATCH / name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "naql.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _load(docs: list[Doc], size: int) -> dict[int, str]:
    """Insert ``size`` articles (the corpus, resampled); returns pk → corpus key."""
    from naql.news.models import Article
    from naql.sources.models import Source

    sources = {}
    for d in docs:
        if d.source not in sources:
            sources[d.source] = Source.objects.create(
                slug=d.source, name=d.source_name, homepage=f"https://{d.source}.example/"
            )
    keys: dict[int, str] = {}
    batch: list[Article] = []
    for i in range(size):
        d, copy = docs[i % len(docs)], i // len(docs)
        batch.append(
            Article(
                source=sources[d.source],
                url=d.url + (f"#r{copy}" if copy else ""),
                title=d.title,
                body_text=d.body,
                body_html="",
                published_at=d.published,
                state="done",
            )
        )
        if len(batch) == 2000 or i == size - 1:
            for a in Article.objects.bulk_create(batch):
                keys[a.pk] = docs[(len(keys)) % len(docs)].key
            batch = []
    return keys


def _replicate(size: int) -> float:
    """Grow the collection to ``size`` in SQL: copies of the loaded articles (new id and URL)
    and of their index rows. Resampling without re-analyzing: the analyzer's rate is measured
    by ``reindex()`` on the base collection; here each engine still indexes every copy
    (FTS5 triggers, the generated tsvector). Returns the seconds it took."""
    from django.db import connection, transaction

    from naql.news.models import Article
    from naql.search.backends import backend_for

    t0 = time.perf_counter()
    cols = [f.column for f in Article._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id), count(*) FROM news_article")
        lo, hi, n = cursor.fetchone()
    assert hi - lo + 1 == n, "the base collection's ids must be contiguous"
    total, copy = n, 1
    while total < size:
        take, shift = min(n, size - total), copy * n
        picked = [
            f"id + {shift}" if c == "id" else f"url || '#x{shift}'" if c == "url" else c
            for c in cols
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO news_article ({', '.join(cols)}) SELECT {', '.join(picked)} "  # noqa: S608 (model columns)
                "FROM news_article WHERE id BETWEEN %s AND %s",
                [lo, lo + take - 1],
            )
            cursor.execute(
                "INSERT INTO search_document (article_id, title_tokens, body_tokens) "  # noqa: S608
                f"SELECT article_id + {shift}, title_tokens, body_tokens FROM search_document "
                "WHERE article_id BETWEEN %s AND %s",
                [lo, lo + take - 1],
            )
        total, copy = total + take, copy + 1
        print(f"replicated {total}", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('news_article', 'id'), %s)", [lo + total]
            )
        backend_for(connection.vendor).optimize(cursor)
    return time.perf_counter() - t0


def worker(args: argparse.Namespace) -> dict[str, object]:
    docs = load_corpus(DATA)[: args.base or None]
    size = args.size or len(docs)
    name = args.name or f"naql_bench_search_{args.backend}_{size}"
    _setup_django(args.backend, name, reuse=args.reuse)
    from naql.search.indexing import reindex
    from naql.search.service import search

    if args.reuse:  # measure queries on an existing collection, grown to ``size`` if smaller
        from naql.news.models import Article

        by_url = {d.url: d.key for d in docs}
        keys = {
            pk: by_url[url] for pk, url in Article.objects.values_list("id", "url") if url in by_url
        }
        load_s = index_s = index_cpu = 0.0
        indexed = 0
        replicate_s = _replicate(size)
    else:
        t0 = time.perf_counter()
        keys = _load(docs, min(size, len(docs)) if args.replicate else size)
        load_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        indexed = reindex()
        index_s, index_cpu = time.perf_counter() - t0, time.process_time() - c0
        replicate_s = _replicate(size) if args.replicate else 0.0
    queries = build_queries(docs, N_QUERIES)
    out: dict[str, object] = {
        "backend": args.backend,
        "size": size,
        "load_s": round(load_s, 1),
        "indexed": indexed,
        "index_s": round(index_s, 1),
        "index_rate": round(indexed / index_s) if index_s else None,
        "replicate_s": round(replicate_s, 1),
        "index_rate_per_cpu_s": round(indexed / index_cpu) if index_cpu else None,
        "loadavg": os.getloadavg(),
    }
    if args.quality:
        ranks = [
            first_relevant([keys[h.article_id] for h in search(q.query, limit=10).hits], q)
            for q in queries
        ]
        out["mrr"] = round(mrr(ranks), 4)
        out["ranks"] = ranks
    if not args.queries:
        return out
    rng = random.Random(7)
    sample = [rng.choice(queries).query for _ in range(args.queries)]
    search(sample[0])  # warm the connection and caches once
    times, c0 = [], time.process_time()
    for q in sample:
        t0 = time.perf_counter()
        search(q, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    out["query_cpu_ms_mean"] = round((time.process_time() - c0) * 1000 / len(sample), 2)
    times.sort()
    out["latency_ms"] = {
        "median": round(statistics.median(times), 2),
        "p95": round(times[int(0.95 * len(times)) - 1], 2),
        "max": round(times[-1], 2),
    }
    if args.backend == "sqlite":
        db = SCRATCH / name / "naql.sqlite3"
        out["db_mb"] = round(db.stat().st_size / 1e6)
    return out


def run_worker(backend: str, size: int | None, *extra: str) -> dict[str, object]:
    cmd = [sys.executable, __file__, "worker", "--backend", backend, *extra]
    if size:
        cmd += ["--size", str(size)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"worker {backend} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------- orchestrator
def by_kind(queries: list[KnownItem], ranks: list[int | None]) -> dict[str, float]:
    kinds = sorted({k for q in queries for k in q.kinds})
    return {
        k: round(mrr([r for q, r in zip(queries, ranks, strict=True) if k in q.kinds]), 3)
        for k in kinds
    }


def quality(args: argparse.Namespace) -> None:
    from search_queries_baselines import analyzer_fts5, pg_arabic, plain_fts5

    from naql.text import Analyzer, AnalyzerConfig, Folding, Hamza, StemmerKind

    docs = load_corpus(DATA)
    queries = build_queries(docs, N_QUERIES)
    print(f"corpus {len(docs)} articles, {len(queries)} known-item queries", flush=True)
    systems: dict[str, list[int | None]] = {}
    for backend in ("sqlite", "postgres"):
        t0 = time.perf_counter()
        extra = ["--quality"]
        if args.reuse:  # the collections a previous quality run built
            extra += [
                "--reuse",
                "--queries",
                "0",
                "--name",
                f"naql_bench_search_{backend}_{len(docs)}",
            ]
        res = run_worker(backend, None, *extra)
        systems[f"naql ({backend})"] = res.pop("ranks")  # type: ignore[assignment]
        print(f"naql {backend}: {res} [{time.perf_counter() - t0:.0f}s]", flush=True)

    def ranked(keys: list[list[str]]) -> list[int | None]:
        return [first_relevant(k, q) for k, q in zip(keys, queries, strict=True)]

    systems["plain FTS5 unicode61 rd2"] = ranked(plain_fts5(docs, queries))
    systems["PostgreSQL 'arabic'"] = ranked(pg_arabic(docs, queries, PG_SERVER, reuse=args.reuse))
    print("baselines done", flush=True)
    # The ablation re-analyzes its haystack once per variant: on a shared machine, a subset
    # (every target and its copies, plus random others) keeps it to minutes.
    wanted = {k for q in queries for k in q.relevant}
    rest = [d for d in docs if d.key not in wanted]
    random.Random(11).shuffle(rest)
    hay = [d for d in docs if d.key in wanted] + rest[: max(0, args.ablation_docs - len(wanted))]
    if not args.no_ablation:
        variants = {
            "light, hamza→ء (default)": AnalyzerConfig(),
            "light, hamza→seat letter": AnalyzerConfig(Folding(Hamza.CARRIER)),
            "light, hamza kept": AnalyzerConfig(Folding(Hamza.KEEP)),
            "snowball, hamza→ء": AnalyzerConfig(stemmer=StemmerKind.SNOWBALL),
            "no stemming, hamza→ء": AnalyzerConfig(stemmer=StemmerKind.NONE),
        }
        for label, config in variants.items():
            systems[f"ablation ({len(hay)} articles, FTS5, no recency): {label}"] = ranked(
                analyzer_fts5(hay, queries, Analyzer(config))
            )
            print(label, "done", flush=True)
    base = mrr(systems["plain FTS5 unicode61 rd2"])
    print("\n| system | MRR@10 | found in top 10 | × plain FTS5 |\n|---|---:|---:|---:|")
    for name, ranks in systems.items():
        found = sum(1 for r in ranks if r is not None and r <= 10) / len(ranks)
        print(f"| {name} | {mrr(ranks):.3f} | {found:.1%} | {mrr(ranks) / base:.2f} |")
    print("\nMRR@10 by respelling kind (a query counts under each kind it contains):")
    for name in (
        "naql (sqlite)",
        "naql (postgres)",
        "plain FTS5 unicode61 rd2",
        "PostgreSQL 'arabic'",
    ):
        print(f"- {name}: {by_kind(queries, systems[name])}")
    sq, pg = systems["naql (sqlite)"], systems["naql (postgres)"]
    same = sum(1 for a, b in zip(sq, pg, strict=True) if a == b)
    print(
        f"\nnaql SQLite and PostgreSQL put the known item at the same rank for {same}/{len(sq)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--no-ablation", action="store_true")
    q.add_argument("--reuse", action="store_true", help="reuse the last run's scratch databases")
    q.add_argument("--ablation-docs", type=int, default=12000)
    for name in ("speed", "worker"):
        p = sub.add_parser(name)
        p.add_argument("--backend", choices=("sqlite", "postgres"), required=True)
        p.add_argument("--size", type=int, default=0)
        p.add_argument("--replicate", action="store_true")
        p.add_argument("--base", type=int, default=0)
        p.add_argument("--name", default="")
        p.add_argument("--reuse", action="store_true")
        p.add_argument("--queries", type=int, default=N_LATENCY)
        p.add_argument("--quality", action="store_true")
    args = parser.parse_args()
    if args.command == "quality":
        quality(args)
    elif args.command == "worker":
        print(json.dumps(worker(args)))
    else:
        extra = ["--replicate"] if args.replicate else []
        extra += ["--base", str(args.base)] if args.base else []
        extra += ["--name", args.name] if args.name else []
        extra += ["--reuse"] if args.reuse else []
        extra += ["--queries", str(args.queries)]
        res = run_worker(args.backend, args.size, *extra)
        print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
