"""Feed parsing: RSS, Atom and JSON Feed bytes → ``Feed`` of ``FeedItem``.

First cut on feedparser; entity-declaring XML is refused before parsing.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from naql.errors import ParseError, UnsafeDocument


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, as the feed describes it (the page itself is fetched later)."""

    url: str
    title: str = ""
    guid: str | None = None
    published: datetime | None = None
    summary: str = ""
    author: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, its own link, how long it may be cached, and its items."""

    title: str
    link: str | None
    items: tuple[FeedItem, ...]
    ttl_minutes: int | None = None


def _dt(struct: Any) -> datetime | None:
    if not struct:
        return None
    return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)


def _parse_json_feed(data: bytes) -> Feed:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise ParseError(f"invalid JSON Feed: {e}") from e
    items = []
    for it in doc.get("items") or []:
        url = it.get("url") or it.get("external_url")
        if not url:
            continue
        published = None
        if it.get("date_published"):
            try:
                published = datetime.fromisoformat(it["date_published"].replace("Z", "+00:00"))
            except ValueError:
                published = None
        items.append(
            FeedItem(
                url=url,
                title=it.get("title") or "",
                guid=str(it.get("id")) if it.get("id") is not None else None,
                published=published,
                summary=it.get("summary") or "",
            )
        )
    return Feed(title=doc.get("title") or "", link=doc.get("home_page_url"), items=tuple(items))


def parse_feed(data: bytes, url: str | None = None) -> Feed:
    """Parse feed bytes; raise ``ParseError`` when nothing usable is there."""
    head = data[:2048].lstrip()
    if head.startswith(b"{"):
        return _parse_json_feed(data)
    if b"<!ENTITY" in data[:65536]:
        raise UnsafeDocument("the feed declares XML entities; refusing to expand them")
    parsed = feedparser.parse(data, response_headers={"content-location": url or ""})
    if not parsed.entries and parsed.bozo:
        raise ParseError(f"not a feed: {parsed.bozo_exception}")
    items = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue
        tags = e.get("tags") or []
        items.append(
            FeedItem(
                url=link,
                title=e.get("title", ""),
                guid=e.get("id"),
                published=_dt(e.get("published_parsed") or e.get("updated_parsed")),
                summary=e.get("summary", ""),
                author=e.get("author"),
                section=tags[0].get("term") if tags else None,
            )
        )
    ttl = parsed.feed.get("ttl")
    return Feed(
        title=parsed.feed.get("title", ""),
        link=parsed.feed.get("link"),
        items=tuple(items),
        ttl_minutes=int(ttl) if ttl and str(ttl).isdigit() else None,
    )
