"""Fetching: HTTP with caps and politeness, feed and sitemap parsing, URL canonicalization.

The pure core: no Django. Callers pass a ``FetchPolicy``; nothing here reads settings.
"""

from naql.fetch.client import Fetcher, FetchPolicy, Response
from naql.fetch.feeds import Feed, FeedItem, parse_feed
from naql.fetch.urls import canonicalize_url

__all__ = [
    "Feed",
    "FeedItem",
    "FetchPolicy",
    "Fetcher",
    "Response",
    "canonicalize_url",
    "parse_feed",
]
