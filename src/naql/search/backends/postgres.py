"""PostgreSQL: ``ts_rank_cd`` over a ``simple`` tsvector of the analyzer's tokens, GIN index."""

from __future__ import annotations

from typing import Any

from naql.search.backends import (
    RECENCY_HALF_DAYS,
    RECENCY_WEIGHT,
    Bounds,
    SearchPlan,
    Sort,
    filters_sql,
)

# Weights {D, C, B, A}: a title (A) hit counts five body (D) hits, as in the SQLite backend.
# Normalization 1 divides by 1 + log(length), like BM25's length normalization.
_WEIGHTS = "'{0.2, 0.2, 0.4, 1.0}'"
_AGE_DAYS = "GREATEST(EXTRACT(EPOCH FROM (%s - {published})) / 86400.0, 0.0)"
_BOOST = f"(1.0 + {RECENCY_WEIGHT} * {RECENCY_HALF_DAYS} / ({RECENCY_HALF_DAYS} + {_AGE_DAYS}))"
_FROM = (
    "FROM search_document d JOIN news_article a ON a.id = d.article_id, "
    "to_tsquery('simple', %s) q WHERE d.document @@ q"
)
_VISIBLE = "NOT a.hidden AND a.duplicate_of_id IS NULL"
FIRST_PASS = 100
"""How many matches the second pass ranks by their whole text (at least the page's end).

Ranking reads a match's whole ``document`` from TOAST (~18 µs each), so every match is
first ranked by ``head`` (the title and lead, kept in the row: migration 0004) against any
of the words (``SearchPlan.any_match``), and only the best ``FIRST_PASS`` by ``document``.
A title hit outweighs five body hits, so the best matches by the whole text are among the
best by title and lead; the quality benchmark scores the two passes (benchmarks/RESULTS.md)."""


def _boost(published: str) -> str:
    return _BOOST.format(published=published)


# The final relevance of one match: its whole text, read from TOAST (the second pass).
_WHOLE_TEXT = f"ts_rank_cd({_WEIGHTS}, d.document, q, 1)"


def _relevant_sql(where: str | None) -> str:
    """Every match ranked by its head (with the total, kept to the page's end); the first
    ``FIRST_PASS`` of them re-ranked by their whole text, the rest left in head order. The
    order does not depend on the page asked for, so pages never overlap.

    Without filters (``where`` None) the first pass reads only ``search_document``: it holds
    visible originals alone, and the second pass checks visibility again with the recency
    boost; looking every match up in ``news_article`` was half the time at 1M articles.
    ``matched`` is materialized so that sorting and counting carry narrow rows, not heads."""
    source = "search_document d"
    if where is not None:
        source += " JOIN news_article a ON a.id = d.article_id"
    return (
        "WITH matched AS MATERIALIZED (SELECT d.article_id AS id,"  # noqa: S608 (constants; values are %s)
        f" ts_rank({_WEIGHTS}, coalesce(d.head, d.document), qa, 1) AS head_score"
        f" FROM {source},"
        " to_tsquery('simple', %s) q, to_tsquery('simple', %s) qa WHERE d.document @@ q"
        f"{'' if where is None else ' AND ' + where}),"
        " first AS (SELECT *, (SELECT count(*) FROM matched) AS total FROM matched"
        " ORDER BY head_score DESC, id DESC LIMIT %s),"
        " numbered AS (SELECT *,"
        " row_number() OVER (ORDER BY head_score DESC, id DESC) <= %s AS second FROM first)"
        f" SELECT r.id, CASE WHEN r.second THEN {_WHOLE_TEXT}"
        f" ELSE r.head_score END * {_boost('a.published_at')}"
        " AS score, r.total FROM numbered r JOIN search_document d ON d.article_id = r.id"
        " JOIN news_article a ON a.id = r.id, to_tsquery('simple', %s) q"
        f" WHERE {_VISIBLE}"
        " ORDER BY r.second DESC, score DESC, a.published_at DESC, r.id DESC LIMIT %s OFFSET %s"
    )


def _newest_sql(where: str) -> str:
    """Newest first: only the page's rows are ranked, for the score shown beside them."""
    return (
        f"WITH page AS (SELECT a.id, a.published_at, count(*) OVER () AS total {_FROM}"  # noqa: S608 (constants; values are %s)
        f" AND {where} ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s) "
        f"SELECT r.id, {_WHOLE_TEXT} * {_boost('r.published_at')} AS score, r.total"
        " FROM page r JOIN search_document d ON d.article_id = r.id, to_tsquery('simple', %s) q"
        " ORDER BY r.published_at DESC, r.id DESC"
    )


class PostgresBackend:
    """See ``naql.search.backends.Backend``."""

    def rank(self, cursor: Any, plan: SearchPlan) -> tuple[list[tuple[int, float]], int]:
        where, params = filters_sql(plan.bounds)
        if plan.sort is Sort.RELEVANCE:
            depth = max(FIRST_PASS, plan.offset + plan.limit)
            filtered = plan.bounds != Bounds()
            sql = _relevant_sql(where if filtered else None)
            args = [plan.match, plan.any_match or plan.match, *(params if filtered else [])]
            args += [depth, FIRST_PASS, plan.now, plan.match, plan.limit, plan.offset]
        else:
            sql = _newest_sql(where)
            args = [plan.match, *params, plan.limit, plan.offset, plan.now, plan.match]
        cursor.execute(sql, args)
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
