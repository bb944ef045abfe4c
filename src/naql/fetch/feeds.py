"""Feed parsing: RSS, Atom and JSON Feed bytes → ``Feed`` of ``FeedItem``.

The order, and why: JSON Feeds go to their own reader; XML is first checked for entity
declarations (refused, ``UnsafeDocument``) and for HTML (``NotAFeed``); well-formed XML is
read by our lxml reader (fast, see benchmarks/RESULTS.md); XML that lxml rejects goes
to feedparser, whose loose parser copes with the broken feeds real outlets serve; if that
finds nothing either, lxml's recovering parser keeps whatever items precede the damage.
Any other outcome is a ``ParseError``: nothing else ever escapes ``parse_feed``.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

import feedparser

from naql.errors import NotAFeed, ParseError
from naql.fetch.feedtypes import Feed, FeedItem
from naql.fetch.feedxml import is_feed_root, read_feed
from naql.fetch.jsonfeed import parse_json_feed
from naql.fetch.safexml import local_name, parse_xml, refuse_html, refuse_unsafe
from naql.fetch.urls import absolute_url

__all__ = ["Feed", "FeedItem", "parse_feed", "parse_with_feedparser"]


def _dt(struct: Any) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def parse_with_feedparser(data: bytes, url: str | None = None) -> Feed:
    """The feedparser reading of ``data`` as a ``Feed`` (the fallback, and the baseline the
    benchmarks and tests compare our reader with). Raises ``ParseError`` when it finds no
    items in a broken document."""
    refuse_unsafe(data)
    try:
        parsed = feedparser.parse(data, response_headers={"content-location": url or ""})
        if not parsed.entries and parsed.bozo:
            raise ParseError(f"not a feed: {parsed.bozo_exception}")
        items = []
        for e in parsed.entries:
            link = absolute_url(url, e.get("link") or "")
            if not link:
                continue
            tags = e.get("tags") or []
            items.append(
                FeedItem(
                    url=link,
                    title=(e.get("title") or "").strip(),
                    guid=e.get("id") or None,
                    published=_dt(e.get("published_parsed") or e.get("updated_parsed")),
                    summary=e.get("summary") or "",
                    author=e.get("author") or None,
                    section=(tags[0].get("term") or None) if tags else None,
                )
            )
        ttl = str(parsed.feed.get("ttl") or "").strip()
        return Feed(
            title=(parsed.feed.get("title") or "").strip(),
            link=parsed.feed.get("link") or None,
            items=tuple(items),
            ttl_minutes=int(ttl) if ttl.isdigit() else None,
            partial=bool(parsed.bozo),
            parser="feedparser",
        )
    except ParseError:
        raise
    except Exception as e:  # feedparser is a foreign boundary: nothing else may escape it
        raise ParseError(f"feedparser could not read the document: {e!r}") from e


def parse_feed(data: bytes, url: str | None = None) -> Feed:
    """Parse feed bytes. Returns a ``Feed`` (``partial`` when items were recovered from a
    broken document); raises ``UnsafeDocument``, ``NotAFeed`` or ``ParseError`` otherwise."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError("the document is empty")
    if head.startswith((b"{", b"[")):
        return parse_json_feed(data, url)
    refuse_unsafe(data)
    refuse_html(data, "a feed")
    try:
        root = parse_xml(data)
    except ParseError as strict_error:
        return _parse_broken(data, url, strict_error)
    name = local_name(root.tag)
    if name in ("urlset", "sitemapindex"):
        raise NotAFeed("this is a sitemap, not a feed; read it with parse_sitemap")
    if name == "html":
        raise NotAFeed("this is an XHTML page, not a feed")
    if not is_feed_root(root):
        raise NotAFeed(f"this XML document (<{name}>) is not RSS, RDF or Atom")
    return read_feed(root, url)


def _parse_broken(data: bytes, url: str | None, strict_error: ParseError) -> Feed:
    try:
        feed = parse_with_feedparser(data, url)
        if feed.items:
            return feed
    except ParseError:
        pass
    try:
        root = parse_xml(data, recover=True)
    except ParseError:
        raise strict_error from None
    if not is_feed_root(root):
        raise ParseError(f"not a feed, and not well-formed: {strict_error}")
    feed = read_feed(root, url)
    if not feed.items:
        raise ParseError(f"broken feed with no recoverable items: {strict_error}")
    return Feed(
        title=feed.title,
        link=feed.link,
        items=feed.items,
        ttl_minutes=feed.ttl_minutes,
        partial=True,
        parser="lxml-recover",
    )
