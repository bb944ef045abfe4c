"""The values extraction returns; frozen so that stages can pass them around safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Article:
    """An extracted article. ``text`` is paragraphs and sub-headings in reading order,
    separated by blank lines; ``html`` is the same body as sanitized HTML."""

    title: str
    text: str
    html: str
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    image: str | None = None
    section: str | None = None
    lang: str | None = None
    site_name: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    original_source: str | None = None
    original_url: str | None = None


class RejectReason(StrEnum):
    """Why a page gave no article; each is counted per source in source health."""

    EMPTY = "empty"
    NOT_HTML = "not_html"
    NOT_ARTICLE = "not_article"
    TOO_SHORT = "too_short"
    WRONG_LANGUAGE = "wrong_language"
    PAYWALLED = "paywalled"
    ERROR_PAGE = "error_page"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A page that is not an article we keep, and why."""

    reason: RejectReason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What the caller knows about the site: lines its pages repeat (an aggregator's intro and
    outro templates), learned from earlier pages, and the shortest body worth keeping."""

    boilerplate_lines: frozenset[str] = field(default_factory=frozenset)
    min_text_chars: int = 200
