"""SQLite FTS5: BM25 over the analyzer's tokens, title weighted above body."""

from __future__ import annotations

import datetime as dt
from typing import Any

from naql.search.backends import (
    RECENCY_HALF_DAYS,
    RECENCY_WEIGHT,
    SearchPlan,
    Sort,
    filters_sql,
)

# bm25() is lower-is-better; a title hit counts as much as five body hits.
_RELEVANCE = "(-bm25(search_fts, 5.0, 1.0))"
_AGE_DAYS = "MAX(julianday(%s) - julianday(a.published_at), 0.0)"
_BOOST = f"(1.0 + {RECENCY_WEIGHT} * {RECENCY_HALF_DAYS} / ({RECENCY_HALF_DAYS} + {_AGE_DAYS}))"
_SCORE = f"{_RELEVANCE} * {_BOOST}"
# The article columns ranking reads come from a covering index (migration 0003 says why).
_FROM = (
    "FROM search_fts JOIN news_article a INDEXED BY news_article_searchable"
    " ON a.id = search_fts.rowid WHERE search_fts MATCH %s"
)
_DROP_DELETE_TRIGGER = "DROP TRIGGER IF EXISTS search_document_ad"
_DROP_INSERT_TRIGGER = "DROP TRIGGER IF EXISTS search_document_ai"
_CREATE_INSERT_TRIGGER = """CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
    INSERT INTO search_fts(rowid, title_tokens, body_tokens)
    VALUES (new.article_id, new.title_tokens, new.body_tokens);
END"""
_CREATE_DELETE_TRIGGER = """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
    INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
    VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
END"""


def _utc_text(value: dt.datetime) -> str:
    """Django stores aware datetimes in SQLite as naive UTC text; raw SQL must compare alike."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


class SqliteBackend:
    """See ``naql.search.backends.Backend``."""

    def rank(self, cursor: Any, plan: SearchPlan) -> tuple[list[tuple[int, float]], int]:
        where, params = filters_sql(plan.bounds, _utc_text)
        order = (
            "score DESC, published DESC"
            if plan.sort is Sort.RELEVANCE
            else "published DESC, id DESC"
        )
        # The matches once, then the page and their count from them (a window function over
        # them was ~2 ms slower at p95 at 1M articles, and FTS5 refuses one beside bm25()).
        cursor.execute(
            "WITH m AS MATERIALIZED ("  # noqa: S608 (constants; values are %s)
            f"SELECT a.id AS id, {_SCORE} AS score, a.published_at AS published {_FROM} AND {where}"
            f") SELECT id, score, (SELECT count(*) FROM m) FROM m ORDER BY {order} LIMIT %s OFFSET %s",
            [_utc_text(plan.now), plan.match, *params, plan.limit, plan.offset],
        )
        rows = cursor.fetchall()
        return [(int(i), float(s)) for i, s, _ in rows], int(rows[0][2]) if rows else 0

    def count(self, cursor: Any, plan: SearchPlan) -> int:
        where, params = filters_sql(plan.bounds, _utc_text)
        cursor.execute(f"SELECT count(*) {_FROM} AND {where}", [plan.match, *params])
        return int(cursor.fetchone()[0])

    def clear(self, cursor: Any) -> None:
        # Deleting row by row would make the trigger re-tokenize every old document. Rows
        # inserted from here until ``optimize`` are indexed by one 'rebuild' instead of a
        # trigger each: FTS5 then builds its segments in one pass, half the CPU per row
        # (0.23 vs 0.45 ms, benchmarks/RESULTS.md). The caller's transaction makes it atomic.
        cursor.execute(_DROP_DELETE_TRIGGER)
        cursor.execute(_DROP_INSERT_TRIGGER)
        cursor.execute("DELETE FROM search_document")
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute(_CREATE_DELETE_TRIGGER)

    def optimize(self, cursor: Any) -> None:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'search_document_ai'"
        )
        if cursor.fetchone() is None:  # after ``clear``: index the bulk load in one pass
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute(_CREATE_INSERT_TRIGGER)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
