"""PostgreSQL: ``ts_rank_cd`` over a ``simple`` tsvector of the analyzer's tokens, GIN index."""

from __future__ import annotations

from typing import Any

from naql.search.backends import (
    RECENCY_HALF_DAYS,
    RECENCY_WEIGHT,
    SearchPlan,
    Sort,
    filters_sql,
)

# Weights {D, C, B, A}: a title (A) hit counts five body (D) hits, as in the SQLite backend.
# Normalization 1 divides by 1 + log(length), like BM25's length normalization.
_RELEVANCE = "ts_rank_cd('{0.2, 0.2, 0.4, 1.0}', d.document, q, 1)"
_AGE_DAYS = "GREATEST(EXTRACT(EPOCH FROM (%s - a.published_at)) / 86400.0, 0.0)"
_BOOST = f"(1.0 + {RECENCY_WEIGHT} * {RECENCY_HALF_DAYS} / ({RECENCY_HALF_DAYS} + {_AGE_DAYS}))"
_SCORE = f"{_RELEVANCE} * {_BOOST}"
_FROM = (
    "FROM search_document d JOIN news_article a ON a.id = d.article_id, "
    "to_tsquery('simple', %s) q WHERE d.document @@ q"
)


class PostgresBackend:
    """See ``naql.search.backends.Backend``."""

    def rank(self, cursor: Any, plan: SearchPlan) -> tuple[list[tuple[int, float]], int]:
        where, params = filters_sql(plan.bounds)
        order = (
            "score DESC, a.published_at DESC"
            if plan.sort is Sort.RELEVANCE
            else ("a.published_at DESC, a.id DESC")
        )
        cursor.execute(
            f"SELECT a.id, {_SCORE} AS score, count(*) OVER () {_FROM} AND {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [plan.now, plan.match, *params, plan.limit, plan.offset],
        )
        rows = cursor.fetchall()
        return [(int(i), float(s)) for i, s, _ in rows], int(rows[0][2]) if rows else 0

    def count(self, cursor: Any, plan: SearchPlan) -> int:
        where, params = filters_sql(plan.bounds)
        cursor.execute(f"SELECT count(*) {_FROM} AND {where}", [plan.match, *params])
        return int(cursor.fetchone()[0])

    def clear(self, cursor: Any) -> None:
        cursor.execute("DELETE FROM search_document")

    def optimize(self, cursor: Any) -> None:
        cursor.execute("ANALYZE search_document")
