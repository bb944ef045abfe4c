"""The API's output shapes. Pydantic lives here, at the edge, and nowhere else.

Articles carry no more text than their source's policy allows: ``body_html`` (sanitized) only
for full-text sources, ``excerpt`` for full-text and excerpt sources, neither for link-only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class SectionOut(Schema):
    slug: str
    name: str


class SourceOut(Schema):
    slug: str
    name: str
    homepage: str
    description: str
    policy: str


class ArticleSummary(Schema):
    id: int
    title: str
    url: str
    page_url: str
    source: str
    source_slug: str
    section: str | None
    published: dt.datetime
    story_id: int | None
    excerpt: str | None


class ArticleOut(ArticleSummary):
    author: str
    image: str
    lang: str
    body_html: str | None
    copies: list[str]


class StorySummary(Schema):
    id: int
    title: str
    first_published: dt.datetime
    last_published: dt.datetime
    outlets: int
    page_url: str


class StoryOut(StorySummary):
    articles: list[ArticleSummary]


class SearchHitOut(Schema):
    article_id: int
    url: str
    page_url: str
    title: str
    source: str
    published: dt.datetime
    score: float
    snippet_html: str


class SearchOut(Schema):
    total: int
    hits: list[SearchHitOut]
    notice: str


class ArticlePage(Schema):
    total: int
    items: list[ArticleSummary]


class StoryPage(Schema):
    total: int
    items: list[StorySummary]


class ErrorOut(Schema):
    """A client error: a message (404) or the list of invalid parameters (422)."""

    detail: str | list[dict[str, Any]]
