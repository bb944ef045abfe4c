"""``search()``: what the site, the API and ``naql search`` call.

Parse once (``query``), compile for the engine in use (``compile``), let the backend rank
ids, then load those articles and cut snippets from their original text (``snippets``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from naql.news.models import Article
from naql.search.backends import Bounds, SearchPlan, Sort, backend_for
from naql.search.compile import to_fts5, to_tsquery
from naql.search.query import Filters, Notice, ParsedQuery, parse_query
from naql.search.snippets import highlight, snippet_html

MAX_LIMIT = 100
MAX_OFFSET = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    """One result. ``snippet_html`` and ``title_html`` are escaped HTML with ``<mark>``."""

    article_id: int
    url: str
    title: str
    source: str
    published: dt.datetime
    score: float
    snippet_html: str
    title_html: str = ""


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results; ``total`` counts all matches. ``notice`` says why a query was
    not run (empty, stop words only, exclusions only); ``truncated`` that it was cut."""

    total: int
    hits: list[Hit] = field(default_factory=list)
    notice: Notice = Notice.NONE
    truncated: bool = False


def _bounds(filters: Filters) -> Bounds:
    """Dates are whole days in the site's time zone, both ends included."""
    tz = timezone.get_current_timezone()
    start = end = None
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return Bounds(filters.source, filters.section, start, end)


def _hits(ranked: list[tuple[int, float]], parsed: ParsedQuery) -> list[Hit]:
    # Only what a hit shows: not the HTML body or the signature (the largest columns).
    shown = ("id", "url", "title", "published_at", "body_text", "source__name")
    articles = (
        Article.objects.select_related("source").only(*shown).in_bulk([pk for pk, _ in ranked])
    )
    stems = parsed.highlight_stems
    return [
        Hit(
            article_id=a.pk,
            url=a.url,
            title=a.title,
            source=a.source.name,
            published=a.published_at,
            score=score,
            snippet_html=snippet_html(a.body_text, stems),
            title_html=highlight(a.title, stems),
        )
        for pk, score in ranked
        if (a := articles.get(pk)) is not None
    ]


def search(query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance") -> SearchPage:
    """Visible, non-duplicate articles matching ``query`` (see ``naql.search.query`` for the
    syntax), best first or newest first (``sort="date"``). Never raises on odd input."""
    parsed = parse_query(query)
    if parsed.notice is not Notice.NONE:
        return SearchPage(total=0, notice=parsed.notice, truncated=parsed.truncated)
    vendor = connection.vendor
    plan = SearchPlan(
        match=to_fts5(parsed) if vendor == "sqlite" else to_tsquery(parsed),
        bounds=_bounds(parsed.filters),
        sort=Sort.DATE if sort == "date" else Sort.RELEVANCE,
        limit=max(1, min(limit, MAX_LIMIT)),
        offset=max(0, min(offset, MAX_OFFSET)),
        now=timezone.now(),
    )
    backend = backend_for(vendor)
    with connection.cursor() as cursor:
        # The page query counts all matches too (a window function), saving a second scan.
        ranked, total = backend.rank(cursor, plan)
        if not ranked and plan.offset:
            total = backend.count(cursor, plan)
    return SearchPage(total=total, hits=_hits(ranked, parsed), truncated=parsed.truncated)
