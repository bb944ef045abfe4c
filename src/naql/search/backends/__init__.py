"""One backend per database engine, behind one small contract.

Both take the same ``SearchPlan`` (a match expression already compiled for the engine, the
filters, the sort) and return ``(article_id, score)`` pairs, best first. The visibility
rule (``hidden = false`` and ``duplicate_of IS NULL``) and the filters are the same SQL on
both, in ``filters_sql``; only the match and the relevance function differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

# The recency boost multiplies relevance by 1 + RECENCY_WEIGHT * H / (H + age in days):
# x1.3 today, x1.15 after H days, fading to x1. Small, so that an old article that matches
# far better still wins, but among close matches the fresher one comes first.
RECENCY_WEIGHT = 0.3
RECENCY_HALF_DAYS = 30.0


class Sort(Enum):
    """Result order."""

    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Bounds:
    """Filters resolved for SQL: slugs and an aware datetime range [start, end)."""

    source: str | None = None
    section: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """Everything a backend needs to answer one page of one query."""

    match: str
    bounds: Bounds
    sort: Sort
    limit: int
    offset: int
    now: dt.datetime
    any_match: str = ""
    """The required words joined by OR, where the engine ranks in two passes (PostgreSQL)."""


class Backend(Protocol):
    """An engine's search SQL. Methods take a DB-API cursor in a Django connection's
    dialect (``%s`` parameters); they never commit."""

    def rank(self, cursor: Any, plan: SearchPlan) -> tuple[list[tuple[int, float]], int]:
        """One page of matching visible article ids with their scores, best first, and the
        number of matches in all (0 when the page is empty: then ask ``count``)."""
        ...

    def count(self, cursor: Any, plan: SearchPlan) -> int:
        """How many visible articles match in all (for a page past the last one)."""
        ...

    def clear(self, cursor: Any) -> None:
        """Empty the index fast and start a bulk load: rows written from here on may be
        searchable only once ``optimize`` has run (in the same transaction)."""
        ...

    def optimize(self, cursor: Any) -> None:
        """End a bulk load: index what it left out, then compact."""
        ...


def filters_sql(
    bounds: Bounds, when: Callable[[dt.datetime], Any] = lambda d: d
) -> tuple[str, list[Any]]:
    """The WHERE conditions every query shares, on ``news_article`` aliased ``a``;
    ``when`` turns a datetime into the engine's parameter."""
    sql = ["a.hidden = %s", "a.duplicate_of_id IS NULL"]
    params: list[Any] = [False]
    if bounds.source:
        sql.append("a.source_id IN (SELECT id FROM sources_source WHERE slug = %s)")
        params.append(bounds.source)
    if bounds.section:
        sql.append("a.section_id IN (SELECT id FROM sources_section WHERE slug = %s)")
        params.append(bounds.section)
    if bounds.start:
        sql.append("a.published_at >= %s")
        params.append(when(bounds.start))
    if bounds.end:
        sql.append("a.published_at < %s")
        params.append(when(bounds.end))
    return " AND ".join(sql), params


def backend_for(vendor: str) -> Backend:
    """The backend for a Django connection's ``vendor``."""
    if vendor == "sqlite":
        from naql.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if vendor == "postgresql":
        from naql.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise NotImplementedError(f"search has no backend for {vendor}")
