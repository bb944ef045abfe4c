""""Test this source now": what the next poll would fetch and extract, with nothing stored.

Why the core directly and not the stages: the stages claim rows, write entries and count
rejections; a dry run must leave the database exactly as it found it. So this module fetches
the feeds with ``naql.fetch`` and extracts pages with ``naql.extract``, and only reads Django
models in ``probe_for`` to learn what to fetch.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from naql.errors import FetchError, ParseError
from naql.extract import ExtractOptions, Rejected, SiteRules, extract_article
from naql.fetch import Fetcher, FetchPolicy, canonicalize_url, find_feeds, parse_feed, parse_sitemap
from naql.logs import log
from naql.text.encoding import decode_document

logger = logging.getLogger(__name__)

SAMPLE = 3
EXCERPT_CHARS = 300


@dataclass(frozen=True, slots=True)
class Probe:
    """What to test: the source's endpoints as ``(url, kind)``; none means discover from the
    homepage, as adding a source would."""

    homepage: str
    endpoints: tuple[tuple[str, str], ...] = ()
    boilerplate_lines: frozenset[str] = frozenset()
    sample: int = SAMPLE
    user_agent: str = ""
    """The source's User-Agent override; empty for the site-wide one."""
    site_rules: SiteRules | None = None


@dataclass(frozen=True, slots=True)
class FeedCheck:
    """One endpoint: how many items it lists now, or why it could not be read."""

    url: str
    kind: str
    status: int | None
    items: int
    error: str = ""
    error_kind: str = ""


@dataclass(frozen=True, slots=True)
class PageCheck:
    """One sampled page: the article it would give, or why it would be rejected or fail."""

    url: str
    title: str = ""
    published: str | None = None
    excerpt: str = ""
    words: int = 0
    rejected: str = ""
    error: str = ""

    @property
    def display_url(self) -> str:
        """The URL as a person reads it: Arabic slugs decoded rather than percent-escaped."""
        return unquote(self.url)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The whole dry run; ``ok`` when a feed was read and at least one page gave an article."""

    feeds: tuple[FeedCheck, ...]
    pages: tuple[PageCheck, ...]
    elapsed_ms: int

    @property
    def ok(self) -> bool:
        return any(not f.error for f in self.feeds) and any(p.title for p in self.pages)

    def as_json(self) -> dict[str, Any]:
        """The ``naql sources check --json`` document."""
        return {
            "ok": self.ok,
            "elapsed_ms": self.elapsed_ms,
            "feeds": [
                {"url": f.url, "kind": f.kind, "status": f.status, "items": f.items,
                 "error": f.error or None, "error_kind": f.error_kind or None}
                for f in self.feeds
            ],
            "articles": [
                {"url": p.url, "title": p.title or None, "published": p.published,
                 "excerpt": p.excerpt or None, "words": p.words,
                 "rejected": p.rejected or None, "error": p.error or None}
                for p in self.pages
            ],
        }


def _item_urls(fetcher: Fetcher, url: str, kind: str) -> tuple[FeedCheck, list[str]]:
    try:
        response = fetcher.get(url)
        if kind == "sitemap":
            urls = [u.url for u in parse_sitemap(response.content).urls]
        else:
            urls = [i.url for i in parse_feed(response.content, response.url).items]
    except FetchError as e:
        return FeedCheck(url, kind, e.status, 0, str(e), e.kind), []
    except ParseError as e:
        return FeedCheck(url, kind, response.status, 0, str(e), type(e).__name__), []
    return FeedCheck(url, kind, response.status, len(urls)), urls


def _page(fetcher: Fetcher, url: str, options: ExtractOptions) -> PageCheck:
    try:
        response = fetcher.get(url)
    except FetchError as e:
        return PageCheck(url, error=f"{e.kind}: {e}")
    html = decode_document(response.content, response.headers.get("content-type"))
    result = extract_article(html, url=response.url, options=options)
    if isinstance(result, Rejected):
        return PageCheck(url, rejected=result.reason.value, error=result.detail)
    text = result.text.strip()
    excerpt = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…" if len(text) > EXCERPT_CHARS else text
    return PageCheck(
        url,
        title=result.title or "",
        published=result.published.isoformat() if result.published else None,
        excerpt=excerpt,
        words=len(text.split()),
    )


def check(probe: Probe, policy: FetchPolicy) -> CheckReport:
    """Fetch the probe's feeds and extract ``probe.sample`` of their newest pages."""
    started = time.monotonic()
    feeds: list[FeedCheck] = []
    urls: list[str] = []
    seen: set[str] = set()
    if probe.user_agent:
        policy = replace(policy, user_agent=probe.user_agent)
    with Fetcher(policy) as fetcher:
        endpoints = list(probe.endpoints)
        if not endpoints:
            try:
                endpoints = [(f.url, f.kind) for f in find_feeds(fetcher, probe.homepage)]
            except FetchError as e:
                feeds.append(FeedCheck(probe.homepage, "homepage", e.status, 0, str(e), e.kind))
        for url, kind in endpoints:
            result, found = _item_urls(fetcher, url, kind)
            feeds.append(result)
            for u in found:
                if canonicalize_url(u) not in seen:
                    seen.add(canonicalize_url(u))
                    urls.append(u)
        options = ExtractOptions(
            boilerplate_lines=probe.boilerplate_lines, site_rules=probe.site_rules
        )
        pages = tuple(_page(fetcher, u, options) for u in urls[: probe.sample])
    elapsed = int((time.monotonic() - started) * 1000)
    report = CheckReport(tuple(feeds), pages, elapsed)
    log(logger, logging.INFO, "dry run", feed_url=probe.homepage, stage="check",
        elapsed_ms=elapsed, count=sum(1 for p in pages if p.title))
    return report


def probe_for(source: Any) -> Probe:
    """The probe of a stored ``Source``: its endpoints, learned boilerplate, User-Agent
    override and extraction rules (read as the extract stage reads them)."""
    from naql.sources.fetching import extract_options

    options = extract_options(source)
    return Probe(
        homepage=source.homepage,
        endpoints=tuple((e.url, e.kind) for e in source.endpoints.order_by("id")),
        boilerplate_lines=options.boilerplate_lines,
        user_agent=(source.user_agent or "").strip(),
        site_rules=options.site_rules,
    )
