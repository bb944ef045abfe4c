"""The values extraction returns; frozen so that stages can pass them around safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
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
    authors: tuple[str, ...] = ()
    method: str = "dom"
    """Which path gave the body: ``rules`` (site rules), ``jsonld`` (a checked ``articleBody``),
    ``dom`` (our scorer) or ``fallback`` (trafilatura, when our scorer found too little)."""


class RejectReason(StrEnum):
    """Why a page gave no article; each is counted per source in source health."""

    EMPTY = "empty"
    NOT_HTML = "not_html"
    NOT_ARTICLE = "not_article"
    TOO_SHORT = "too_short"
    WRONG_LANGUAGE = "wrong_language"
    PAYWALLED = "paywalled"
    ERROR_PAGE = "error_page"
    TOO_LARGE = "too_large"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A page that is not an article we keep, and why."""

    reason: RejectReason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Known selectors for one site, as data (CSS). ``body`` selects the article's containers
    (all matches, in document order); ``remove`` selects what to cut from them first. A rule that
    matches nothing is ignored and the generic path runs, so a redesigned site degrades, not
    breaks."""

    body: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    remove: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What the caller knows about the site: lines its pages repeat (an aggregator's intro and
    outro templates, from ``learn_boilerplate``), its rules, its time zone (for dates written
    without one), the languages it accepts, and the limits on what is worth keeping."""

    boilerplate_lines: frozenset[str] = field(default_factory=frozenset)
    min_text_chars: int = 200
    site_rules: SiteRules | None = None
    default_tz: tzinfo = UTC
    languages: frozenset[str] = field(default_factory=frozenset)
    """Accepted body languages (``{"ar"}``); empty accepts any."""
    max_chars: int = 4_000_000
    """Pages longer than this (decoded characters) are rejected as ``too_large``."""
    fallback: bool = True
    """Ask trafilatura when our scorer finds less than ``min_text_chars``."""
