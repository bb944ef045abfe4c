"""The values feed parsing produces; kept apart so every reader can build them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, as the feed describes it (the page itself is fetched later).

    ``url`` is absolute but not canonicalized (see ``canonicalize_url``); ``published`` is
    aware UTC; ``summary`` is the feed's own text or HTML, unsanitized."""

    url: str
    title: str = ""
    guid: str | None = None
    published: datetime | None = None
    summary: str = ""
    author: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, its own link, how long it may be cached (RSS ``<ttl>``),
    and its items. ``partial`` is True when the document was broken (truncated, malformed)
    and these are the items that could be recovered from it."""

    title: str
    link: str | None
    items: tuple[FeedItem, ...]
    ttl_minutes: int | None = None
    partial: bool = False
    parser: str = "lxml"
    """Which reader produced it (``lxml``, ``json``, ``feedparser``, ``lxml-recover``)."""
