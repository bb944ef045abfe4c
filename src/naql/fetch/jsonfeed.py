"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → ``Feed``.

Why tolerant field by field: JSON Feeds in the wild put numbers where strings belong and
nulls everywhere; a wrong-typed field is dropped, never a reason to lose the other items.
"""

from __future__ import annotations

import json
from typing import Any

from naql.errors import NotAFeed, ParseError
from naql.fetch.dates import parse_date
from naql.fetch.feedtypes import Feed, FeedItem
from naql.fetch.urls import absolute_url


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else [item.get("author")]
    for a in candidates:
        if isinstance(a, dict) and _str(a.get("name")):
            return _str(a.get("name"))
    return None


def _item(it: Any, base: str | None) -> FeedItem | None:
    if not isinstance(it, dict):
        return None
    url = absolute_url(base, _str(it.get("url")) or _str(it.get("external_url")))
    if not url:
        return None
    tags = it.get("tags")
    section = _str(tags[0]) if isinstance(tags, list) and tags else ""
    return FeedItem(
        url=url,
        title=_str(it.get("title")),
        guid=_str(it.get("id")) or None,
        published=parse_date(_str(it.get("date_published")) or _str(it.get("date_modified"))),
        summary=_str(it.get("summary"))
        or _str(it.get("content_html"))
        or _str(it.get("content_text")),
        author=_author(it),
        section=section or None,
    )


def parse_json_feed(data: bytes, url: str | None = None) -> Feed:
    """Parse a JSON Feed; ``ParseError`` for invalid JSON, ``NotAFeed`` for other JSON."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise ParseError(f"invalid JSON Feed: {e}") from e
    if not isinstance(doc, dict) or not (
        _str(doc.get("version")).startswith("https://jsonfeed.org/version/")
        or isinstance(doc.get("items"), list)
    ):
        raise NotAFeed("this JSON document is not a JSON Feed (no version and no items)")
    home = _str(doc.get("home_page_url")) or None
    raw_items = doc.get("items")
    items = [
        it
        for it in (
            _item(x, url or home) for x in (raw_items if isinstance(raw_items, list) else [])
        )
        if it is not None
    ]
    return Feed(title=_str(doc.get("title")), link=home, items=tuple(items), parser="json")
