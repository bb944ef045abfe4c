"""The public pages: home, article, source, section, story."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from naql.news.models import Article, Story
from naql.site.attribution import attribution_for
from naql.site.queries import published_articles, top_stories
from naql.sources.models import Section, Source

PAGE_SIZE = 30


def _page(request: HttpRequest, qs: QuerySet[Article]) -> Page[Article]:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    """Top stories (by number of outlets, then recency) and the latest articles."""
    return render(
        request,
        "site/home.html",
        {"stories": top_stories(), "page": _page(request, published_articles())},
    )


def article(request: HttpRequest, pk: int) -> HttpResponse:
    """One article, shown as its source's policy allows, with attribution and the original link."""
    item = get_object_or_404(
        Article.objects.select_related("source", "section", "story", "duplicate_of"),
        pk=pk,
        hidden=False,
    )
    copies = item.copies.filter(hidden=False).select_related("source")
    related = (
        published_articles().filter(story_id=item.story_id).exclude(pk=item.pk)[:10]
        if item.story_id
        else []
    )
    return render(
        request,
        "site/article.html",
        {
            "article": item,
            "policy": item.source.policy,
            "attribution": attribution_for(item),
            "copies": copies,
            "related": related,
            "more": published_articles().exclude(pk=item.pk)[:6],
        },
    )


def source(request: HttpRequest, slug: str) -> HttpResponse:
    """An outlet's page: its description and latest articles (health stays in the admin)."""
    outlet = get_object_or_404(Source, slug=slug)
    return render(
        request,
        "site/source.html",
        {"source": outlet, "page": _page(request, published_articles().filter(source=outlet))},
    )


def section(request: HttpRequest, slug: str) -> HttpResponse:
    """A section's latest articles."""
    sec = get_object_or_404(Section, slug=slug)
    return render(
        request,
        "site/section.html",
        {"section": sec, "page": _page(request, published_articles().filter(section=sec))},
    )


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Full coverage: every outlet's article on one story, first reporter first."""
    item = get_object_or_404(Story, pk=pk)
    articles = (
        Article.objects.filter(story=item, hidden=False)
        .select_related("source")
        .order_by("published_at", "id")
    )
    return render(request, "site/story.html", {"story": item, "articles": articles})
