"""The feed endpoints: ``feed.<rss|atom|json>`` under the site, a section, a source, a story."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from naql.news.models import Article, Story
from naql.site import queries
from naql.site.feeds import FORMATS, ITEMS, FeedMeta, render_feed
from naql.site.http import public_page
from naql.sources.models import Section, Source

FEED_MAX_AGE = 300


def _respond(meta: FeedMeta, articles: list[Article], fmt: str) -> HttpResponse:
    return HttpResponse(render_feed(meta, articles, fmt), content_type=FORMATS[fmt])


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("unknown feed format")


@public_page(max_age=FEED_MAX_AGE)
def site_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    """The latest articles of the whole site."""
    _check(fmt)
    meta = FeedMeta("آخر الأخبار", reverse("site:home"), reverse("site:feed", args=[fmt]))
    return _respond(meta, list(queries.published_articles()[:ITEMS]), fmt)


@public_page(max_age=FEED_MAX_AGE)
def section_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A section's latest articles."""
    _check(fmt)
    sec = get_object_or_404(Section, slug=slug)
    meta = FeedMeta(
        sec.name, reverse("site:section", args=[slug]),
        reverse("site:section_feed", args=[slug, fmt]),
    )  # fmt: skip
    return _respond(meta, list(queries.published_articles().filter(section=sec)[:ITEMS]), fmt)


@public_page(max_age=FEED_MAX_AGE)
def source_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """An outlet's latest articles."""
    _check(fmt)
    outlet = get_object_or_404(Source, slug=slug)
    meta = FeedMeta(
        outlet.name, reverse("site:source", args=[slug]),
        reverse("site:source_feed", args=[slug, fmt]), outlet.description,
    )  # fmt: skip
    articles = list(queries.published_articles().filter(source=outlet)[:ITEMS])
    return _respond(meta, articles, fmt)


@public_page(max_age=FEED_MAX_AGE)
def story_feed(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A story's coverage, newest first, so a reader can follow the story as it develops."""
    _check(fmt)
    item = get_object_or_404(Story, pk=pk)
    articles = list(queries.story_coverage(item).order_by("-published_at", "-id")[:ITEMS])
    if not articles:
        raise Http404("story without visible articles")
    meta = FeedMeta(
        item.title, reverse("site:story", args=[pk]), reverse("site:story_feed", args=[pk, fmt])
    )
    return _respond(meta, articles, fmt)
