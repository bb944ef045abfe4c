"""Fetching: HTTP with caps and politeness, feed and sitemap parsing, URL canonicalization.

The pure core: no Django. Callers pass a ``FetchPolicy``; nothing here reads settings.
``Fetcher`` fetches one URL at a time (discovery, one-offs); ``Crawler`` fetches batches
politely across many hosts, behind a synchronous API the Django stages can call.
"""

from naql.fetch.client import Fetcher
from naql.fetch.crawler import Crawler, FetchOutcome, FetchRequest
from naql.fetch.discovery import FoundFeed, discover_feeds, find_feeds
from naql.fetch.feeds import Feed, FeedItem, parse_feed
from naql.fetch.gate import HostGate
from naql.fetch.http import Response
from naql.fetch.policy import FetchPolicy, PacePolicy
from naql.fetch.polling import PollBounds, next_poll_interval
from naql.fetch.sitemaps import Sitemap, SitemapUrl, parse_sitemap
from naql.fetch.urls import canonicalize_url, is_http_url

__all__ = [
    "Crawler",
    "Feed",
    "FeedItem",
    "FetchOutcome",
    "FetchPolicy",
    "FetchRequest",
    "Fetcher",
    "FoundFeed",
    "HostGate",
    "PacePolicy",
    "PollBounds",
    "Response",
    "Sitemap",
    "SitemapUrl",
    "canonicalize_url",
    "discover_feeds",
    "find_feeds",
    "is_http_url",
    "next_poll_interval",
    "parse_feed",
    "parse_sitemap",
]
