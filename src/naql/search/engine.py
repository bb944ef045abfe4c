"""``search()``: what the site, the API and ``naql search`` call.

Parse once (``query``), compile for the engine in use (``compile``), let the backend rank
ids, then load those articles and cut snippets from their original text (``snippets``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.functions import Left
from django.utils import timezone

from naql.news.models import Article
from naql.search.backends import Bounds, SearchPlan, Sort, backend_for
from naql.search.compile import to_fts5, to_tsquery, to_tsquery_any
from naql.search.query import Filters, Notice, ParsedQuery, parse_query
from naql.search.snippets import SCAN_CHARS, highlight, snippet_html

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
    # Only what a hit shows (not the HTML body or the signature, the largest columns; of the
    # text, what a snippet reads), as tuples: model instances cost twice the time.
    shown = (
        "id",
        "url",
        "title",
        "published_at",
        Left("body_text", SCAN_CHARS + 1),
        "source__name",
    )
    rows = {
        row[0]: row
        for row in Article.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list(*shown)
    }
    stems = parsed.highlight_stems
    hits = []
    for pk, score in ranked:
        if (row := rows.get(pk)) is None:  # deleted since it was ranked
            continue
        _, url, title, published, body, source = row
        hits.append(
            Hit(
                article_id=pk,
                url=url,
                title=title,
                source=source,
                published=published,
                score=score,
                snippet_html=snippet_html(body, stems),
                title_html=highlight(title, stems),
            )
        )
    return hits


def search(query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance") -> SearchPage:
    """Visible, non-duplicate articles matching ``query`` (see ``naql.search.query`` for the
    syntax), best first or newest first (``sort="date"``). Never raises on odd input."""
    parsed = parse_query(query)
    if parsed.notice is not Notice.NONE:
        return SearchPage(total=0, notice=parsed.notice, truncated=parsed.truncated)
    vendor = connection.vendor
    sqlite = vendor == "sqlite"
    plan = SearchPlan(
        match=to_fts5(parsed) if sqlite else to_tsquery(parsed),
        bounds=_bounds(parsed.filters),
        sort=Sort.DATE if sort == "date" else Sort.RELEVANCE,
        limit=max(1, min(limit, MAX_LIMIT)),
        offset=max(0, min(offset, MAX_OFFSET)),
        now=timezone.now(),
        any_match="" if sqlite else to_tsquery_any(parsed),
    )
    backend = backend_for(vendor)
    with connection.cursor() as cursor:
        # The page query counts all matches too (a window function), saving a second scan.
        ranked, total = backend.rank(cursor, plan)
        if not ranked and plan.offset:
            total = backend.count(cursor, plan)
    return SearchPage(total=total, hits=_hits(ranked, parsed), truncated=parsed.truncated)
