"""Finding a site's feeds from its homepage, for ``naql sources add URL``.

Why this order: what the page itself advertises (``<link rel=alternate>``) is what the
publisher means us to read; the common paths and robots.txt ``Sitemap:`` lines are guesses,
tried only when the page advertises nothing, and each is kept only if it parses.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import html as lxml_html

from naql.errors import FetchError, ParseError
from naql.fetch.client import Fetcher
from naql.fetch.feeds import parse_feed
from naql.fetch.robots import robots_url, rules_from_outcome
from naql.fetch.sitemaps import parse_sitemap
from naql.fetch.urls import absolute_url
from naql.text.encoding import decode_document

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml")
COMMON_SITEMAP_PATHS = ("/news-sitemap.xml", "/sitemap.xml")


def discover_feeds(html: str | bytes, base_url: str) -> tuple[str, ...]:
    """Absolute URLs of the feeds a page advertises with ``<link rel="alternate"
    type="application/rss+xml|atom+xml|feed+json…">``, in page order, without duplicates."""
    text = decode_document(html) if isinstance(html, bytes) else html
    if not text.strip():
        return ()
    try:
        doc = lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return ()
    base = base_url
    for el in doc.iter("base"):
        if el.get("href"):
            base = absolute_url(base_url, el.get("href", "")) or base_url
            break
    found: list[str] = []
    for el in doc.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        kind = (el.get("type") or "").lower().split(";")[0].strip()
        href = (el.get("href") or "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            url = absolute_url(base, href)
            if url and url not in found:
                found.append(url)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class FoundFeed:
    """A feed or sitemap that was fetched and parsed: its URL, its kind
    (``feed`` | ``sitemap``) and how it was found (``given`` | ``link`` | ``path`` | ``robots``)."""

    url: str
    kind: str
    via: str


def _probe(fetcher: Fetcher, url: str) -> str | None:
    """``feed``/``sitemap`` when ``url`` answers with one, None otherwise."""
    try:
        response = fetcher.get(url)
    except FetchError:
        return None
    try:
        parse_feed(response.content, response.url)
    except ParseError:
        pass
    else:
        return "feed"
    try:
        sitemap = parse_sitemap(response.content)
    except ParseError:
        return None
    return "sitemap" if sitemap.urls or sitemap.sitemaps else None


def find_feeds(fetcher: Fetcher, homepage_url: str) -> tuple[FoundFeed, ...]:
    """Fetch ``homepage_url`` and return its working feeds: the advertised ones if any
    parse, else whichever common paths and robots.txt sitemaps do. When the URL is itself a
    feed, that feed alone. Raises ``FetchError`` only when the homepage cannot be fetched."""
    page = fetcher.get(homepage_url)
    try:
        parse_feed(page.content, page.url)
    except ParseError:
        pass
    else:
        return (FoundFeed(page.url, "feed", "given"),)
    found = [
        FoundFeed(url, kind, "link")
        for url in discover_feeds(page.content, page.url)
        if (kind := _probe(fetcher, url)) is not None
    ]
    if found:
        return tuple(found)
    try:
        rules = rules_from_outcome(fetcher.get(robots_url(page.url)))
    except FetchError as e:
        rules = rules_from_outcome(e)
    ua = fetcher.policy.user_agent
    candidates = [(urljoin(page.url, p), "path") for p in COMMON_FEED_PATHS + COMMON_SITEMAP_PATHS]
    candidates += [(u, "robots") for u in rules.sitemaps()]
    seen: set[str] = set()
    for url, via in candidates:
        if url in seen or not rules.allows(url, ua):
            continue
        seen.add(url)
        kind = _probe(fetcher, url)
        if kind is not None:
            found.append(FoundFeed(url, kind, via))
    return tuple(found)
