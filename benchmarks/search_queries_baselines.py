"""Baselines and analyzer variants for the search benchmark (no Django: raw SQLite and
PostgreSQL). Each returns, per query, the ranked corpus keys of its top 10."""

from __future__ import annotations

import re
import sqlite3

from search_queries import Doc, KnownItem

from naql.search.compile import to_fts5
from naql.search.query import parse_query
from naql.text import Analyzer

_WORD = re.compile(r"[^\W_]+")


def plain_fts5(docs: list[Doc], queries: list[KnownItem]) -> list[list[str]]:
    """FTS5 as shipped: ``unicode61 remove_diacritics 2``, all words required, BM25."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
        ((i, d.title, d.body) for i, d in enumerate(docs)),
    )
    out = []
    for q in queries:
        words = _WORD.findall(q.query)
        if not words:
            out.append([])
            continue
        match = " AND ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 5.0, 1.0) LIMIT 10", (match,)
        ).fetchall()
        out.append([docs[r[0]].key for r in rows])
    return out


def analyzer_fts5(docs: list[Doc], queries: list[KnownItem], analyzer: Analyzer) -> list[list[str]]:
    """naql's query pipeline and FTS5 ranking with another analyzer configuration (ablation)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='ascii')")
    db.executemany(
        "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
        (
            (i, " ".join(analyzer.analyze(d.title)), " ".join(analyzer.analyze(d.body)))
            for i, d in enumerate(docs)
        ),
    )
    out = []
    for q in queries:
        match = to_fts5(parse_query(q.query, analyzer))
        if not match:
            out.append([])
            continue
        rows = db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 5.0, 1.0) LIMIT 10", (match,)
        ).fetchall()
        out.append([docs[r[0]].key for r in rows])
    return out


def pg_arabic(
    docs: list[Doc], queries: list[KnownItem], server: str, *, reuse: bool = False
) -> list[list[str]]:
    """PostgreSQL's built-in ``arabic`` configuration (Snowball), plainto_tsquery, ts_rank_cd."""
    import psycopg

    name = "naql_bench_search_pg_arabic"
    if reuse:
        return _pg_arabic_queries(docs, queries, f"{server}/{name}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(f"{server}/{name}", autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, title text, body text)")
        with conn.cursor().copy("COPY t (id, title, body) FROM STDIN") as copy:
            for i, d in enumerate(docs):
                copy.write_row((i, d.title, d.body))
        conn.execute(
            "ALTER TABLE t ADD COLUMN v tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('arabic', title), 'A') || to_tsvector('arabic', body)) STORED"
        )
        conn.execute("CREATE INDEX t_v ON t USING gin (v)")
    return _pg_arabic_queries(docs, queries, f"{server}/{name}")


def _pg_arabic_queries(docs: list[Doc], queries: list[KnownItem], url: str) -> list[list[str]]:
    import psycopg

    out = []
    with psycopg.connect(url, autocommit=True) as conn:
        for q in queries:
            rows = conn.execute(
                "SELECT id FROM t, plainto_tsquery('arabic', %s) q WHERE v @@ q "
                "ORDER BY ts_rank_cd('{0.2, 0.2, 0.4, 1.0}', v, q, 1) DESC LIMIT 10",
                (q.query,),
            ).fetchall()
            out.append([docs[r[0]].key for r in rows])
    return out
