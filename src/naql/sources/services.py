"""Operator actions on sources, shared by the CLI, the admin and the API."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from naql.errors import InputError, ParseError
from naql.fetch import Fetcher, FetchPolicy, canonicalize_url, find_feeds, parse_feed
from naql.sources.models import Endpoint, EndpointKind, Policy, Section, Source


def unique_slug(base: str) -> str:
    slug = slugify(base, allow_unicode=True)[:40] or "source"
    candidate, n = slug, 2
    while Source.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _discover(fetcher: Fetcher, url: str) -> tuple[str, str, list[tuple[str, str]]]:
    """Return (homepage, title, [(endpoint url, kind)]) for a homepage or a feed URL."""
    response = fetcher.get(url)
    try:
        feed = parse_feed(response.content, response.url)
    except ParseError:
        feed = None
    if feed is not None and feed.items:
        home = feed.link or f"{urlsplit(response.url).scheme}://{urlsplit(response.url).netloc}/"
        return home, feed.title, [(response.url, EndpointKind.FEED)]
    found = find_feeds(fetcher, response.url)
    if not found:
        raise InputError(
            f"{url}: no feed or news sitemap found on this page; give the feed's URL instead"
        )
    # One endpoint per source: the first advertised feed, else the first sitemap found.
    feeds = [f for f in found if f.kind == "feed"] or list(found)
    kind = EndpointKind.SITEMAP if feeds[0].kind == "sitemap" else EndpointKind.FEED
    return response.url, "", [(feeds[0].url, kind)]


def add_source(
    url: str,
    *,
    name: str | None = None,
    policy: str | None = None,
    section: str | None = None,
) -> Source:
    """Add a source by its homepage or feed URL, discovering its feeds; returns the Source."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"{url}: give an http:// or https:// address")
    with Fetcher(FetchPolicy(user_agent=settings.NAQL_USER_AGENT)) as fetcher:
        homepage, title, endpoints = _discover(fetcher, url)
    with transaction.atomic():
        existing = Endpoint.objects.filter(url__in=[u for u, _ in endpoints]).first()
        if existing is not None:
            raise InputError(f"{url}: already added as source {existing.source.slug!r}")
        sec = None
        if section:
            sec, _ = Section.objects.get_or_create(
                slug=slugify(section, allow_unicode=True) or section, defaults={"name": section}
            )
        display = name or title or urlsplit(homepage).netloc
        source = Source.objects.create(
            slug=unique_slug(name or urlsplit(homepage).netloc.replace(":", "-")),
            name=display,
            homepage=canonicalize_url(homepage),
            policy=policy or Policy.EXCERPT,
            section=sec,
        )
        for endpoint_url, kind in endpoints:
            Endpoint.objects.create(source=source, url=endpoint_url, kind=kind)
    return source
