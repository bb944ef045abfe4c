"""The read-only JSON API (django-ninja), mounted at ``/api/``; its schema is at
``/api/openapi.json`` and browsable at ``/api/docs``.

Every list is paged with ``limit`` (1–100) and ``offset`` (0–10,000) so that no request can
ask for the whole table; out-of-range values are a 422 from the schema, not a server error.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from naql.api import convert
from naql.api.schemas import (
    ArticleOut,
    ArticlePage,
    ErrorOut,
    SearchHitOut,
    SearchOut,
    SectionOut,
    SourceOut,
    StoryOut,
    StoryPage,
)
from naql.search.engine import search as run_search
from naql.site import queries
from naql.site.seo import absolute
from naql.sources.models import Section, Source


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


SLUG = r"^[-\w]+$"  # Unicode letters and digits: no NUL byte, which PostgreSQL rejects


class ArticleFilters(Paging):
    source: str | None = Field(None, max_length=100, pattern=SLUG)
    section: str | None = Field(None, max_length=100, pattern=SLUG)
    story: int | None = Field(None, ge=1, le=2**62)


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=500)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1000)


def _answers(ok: Any) -> dict[int, Any]:
    """Every route documents its client errors, so the schema tells the whole truth."""
    return {200: ok, 404: ErrorOut, 422: ErrorOut}


def build_api() -> NinjaAPI:
    """The API object with every route; ``naql.urls`` mounts ``build_api().urls`` once."""
    api = NinjaAPI(
        title="naql API",
        version="1",
        description="واجهة للقراءة فقط: المقالات والقصص والمصادر والأقسام والبحث.",
        urls_namespace="api",
    )

    @api.get("/articles", response=_answers(ArticlePage), tags=["articles"])
    def articles(request: HttpRequest, filters: Query[ArticleFilters]) -> ArticlePage:
        """Published articles, newest first; filter by source or section slug, or story id."""
        qs = queries.published_articles()
        if filters.source:
            qs = qs.filter(source__slug=filters.source)
        if filters.section:
            qs = qs.filter(section__slug=filters.section)
        if filters.story:
            qs = qs.filter(story_id=filters.story)
        page = qs[filters.offset : filters.offset + filters.limit]
        return ArticlePage(total=qs.count(), items=[convert.article_summary(a) for a in page])

    @api.get(
        "/articles/{article_id}",
        response=_answers(ArticleOut),
        tags=["articles"],
    )
    def article(request: HttpRequest, article_id: int) -> ArticleOut:
        """One visible article, with as much text as its source's policy allows."""
        if not 1 <= article_id <= 2**62:
            raise HttpError(404, "no such article")
        return convert.article_detail(get_object_or_404(queries.visible_articles(), pk=article_id))

    @api.get("/stories", response=_answers(StoryPage), tags=["stories"])
    def stories(request: HttpRequest, paging: Query[Paging]) -> StoryPage:
        """Stories with visible articles, most recently updated first."""
        qs = queries.visible_stories()
        page = qs[paging.offset : paging.offset + paging.limit]
        return StoryPage(total=qs.count(), items=[convert.story_summary(s) for s in page])

    @api.get(
        "/stories/{story_id}",
        response=_answers(StoryOut),
        tags=["stories"],
    )
    def story(request: HttpRequest, story_id: int) -> StoryOut:
        """A story's full coverage, first reporter first."""
        if not 1 <= story_id <= 2**62:
            raise HttpError(404, "no such story")
        item = get_object_or_404(queries.visible_stories(), pk=story_id)
        coverage = [convert.article_summary(a) for a in queries.story_coverage(item)[:500]]
        return StoryOut(**convert.story_summary(item).model_dump(), articles=coverage)

    @api.get("/sources", response=_answers(list[SourceOut]), tags=["sources"])
    def sources(request: HttpRequest) -> list[SourceOut]:
        """Every outlet we carry."""
        return [convert.source_out(s) for s in Source.objects.order_by("name")]

    @api.get("/sources/{slug}", response=_answers(SourceOut), tags=["sources"])
    def source(request: HttpRequest, slug: str) -> SourceOut:
        """One outlet."""
        if not re.fullmatch(SLUG, slug):
            raise HttpError(404, "no such source")
        return convert.source_out(get_object_or_404(Source, slug=slug))

    @api.get(
        "/sections",
        response=_answers(list[SectionOut]),
        tags=["sections"],
    )
    def sections(request: HttpRequest) -> list[SectionOut]:
        """The site's sections, in menu order."""
        return [SectionOut(slug=s.slug, name=s.name) for s in Section.objects.all()]

    @api.get("/search", response=_answers(SearchOut), tags=["search"])
    def search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
        """Full-text search over visible articles, best first (see the site's search help)."""
        result = run_search(params.q.replace("\x00", " "), limit=params.limit, offset=params.offset)
        hits = [
            SearchHitOut(
                article_id=h.article_id, url=h.url,
                page_url=absolute(reverse("site:article", args=[h.article_id])),
                title=h.title, source=h.source, published=h.published, score=h.score,
                snippet_html=h.snippet_html,
            )
            for h in result.hits
        ]  # fmt: skip
        return SearchOut(total=result.total, hits=hits, notice=result.notice.value)

    return api
