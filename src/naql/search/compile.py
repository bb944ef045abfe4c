"""A parsed query → each engine's match syntax. Pure functions, no database.

Both engines get the same boolean structure over the same analyzer stems, which is what
makes SQLite and PostgreSQL agree on *which* articles match; ranking is then BM25 vs
``ts_rank_cd`` (see ``backends``). Stems are runs of letters and digits (the analyzer's
token pattern), so quoting them never needs escaping.
"""

from __future__ import annotations

from naql.search.query import ParsedQuery, Term


def _fts5_term(term: Term) -> str:
    if term.phrase:
        return '"' + " ".join(term.stems) + '"'
    if len(term.stems) == 1:
        return f'"{term.stems[0]}"'
    return "(" + " OR ".join(f'"{s}"' for s in term.stems) + ")"


def _fts5_clause(clause: tuple[Term, ...]) -> str:
    parts = [_fts5_term(t) for t in clause]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def to_fts5(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression; empty when the query has no required terms."""
    if not query.required:
        return ""
    expr = " AND ".join(_fts5_clause(c) for c in query.required)
    if query.excluded:
        expr = f"({expr}) NOT (" + " OR ".join(_fts5_term(t) for t in query.excluded) + ")"
    return expr


def _ts_term(term: Term) -> str:
    if term.phrase:
        return "(" + " <-> ".join(term.stems) + ")"
    if len(term.stems) == 1:
        return term.stems[0]
    return "(" + " | ".join(term.stems) + ")"


def _ts_clause(clause: tuple[Term, ...]) -> str:
    parts = [_ts_term(t) for t in clause]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def to_tsquery(query: ParsedQuery) -> str:
    """Text for ``to_tsquery('simple', …)``; empty when the query has no required terms."""
    if not query.required:
        return ""
    parts = [_ts_clause(c) for c in query.required]
    parts += ["!" + _ts_term(t) for t in query.excluded]
    return " & ".join(parts)


def to_tsquery_any(query: ParsedQuery) -> str:
    """Every required stem joined by OR: PostgreSQL's first ranking pass scores each match's
    title and lead by it, so a match with only some of the words there still gets credit
    (an AND query gives ``ts_rank_cd`` no cover, hence zero, unless all are present)."""
    stems = dict.fromkeys(s for clause in query.required for t in clause for s in t.stems)
    return " | ".join(stems)
