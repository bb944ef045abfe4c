"""The public pages: home, article, source, section, story, search, about, and the errors.

Every view is wrapped in ``public_page`` (cache, ETag, security headers). Hidden articles and
articles still in the pipeline are never shown: every query starts from ``naql.site.queries``.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from naql.news.models import Article, Story
from naql.site import preferences, queries, seo
from naql.site.attribution import attribution_for
from naql.site.http import public_page, secure
from naql.site.languages import request_language
from naql.site.sanitize import clean_body
from naql.site.search_page import search_context
from naql.sources.models import Policy, Section, Source

PAGE_SIZE = 30
MAX_PAGES = 100


def _page(request: HttpRequest, qs: QuerySet[Article]) -> Page[Article]:
    """One page of a list, at most ``MAX_PAGES`` deep.

    Why the cap: counting every visible article for "page 1 of N" reads the whole table
    (0.7 s on SQLite at 100k articles); counting the newest 3,000 walks the date index and
    stops. The archive beyond stays reachable through sections, sources, search and sitemaps.
    """
    newest = queries.listing(qs)[: PAGE_SIZE * MAX_PAGES]
    return Paginator(newest, PAGE_SIZE).get_page(request.GET.get("page"))


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    """Top stories (by number of outlets, then recency) and the latest articles."""
    page = _page(request, queries.published_articles())
    stories = queries.top_stories() if page.number == 1 else []
    return render(request, "site/home.html", {"stories": stories, "page": page})


@public_page()
def article(request: HttpRequest, pk: int) -> HttpResponse:
    """One article, shown as its source's policy allows, with attribution and the original
    link. A copy redirects to its original, where the copy is listed as "also published by"."""
    item = get_object_or_404(queries.visible_articles().select_related("story"), pk=pk)
    if item.duplicate_of_id is not None:
        original = queries.visible_articles().filter(pk=item.duplicate_of_id).first()
        if original is not None:
            return HttpResponsePermanentRedirect(reverse("site:article", args=[original.pk]))
    policy = item.source.policy
    return render(
        request,
        "site/article.html",
        {
            "article": item,
            "policy": policy,
            "body": clean_body(item.body_html) if policy == Policy.FULL else "",
            "attribution": attribution_for(item),
            "copies": queries.copies_of(item),
            "coverage": queries.other_coverage(item),
            "more": queries.discover_more(item),
            "json_ld": seo.news_article_ld(item),
            "open_graph": seo.open_graph(item),
            "page_url": seo.article_url(item),
        },
    )


@public_page()
def source(request: HttpRequest, slug: str) -> HttpResponse:
    """An outlet's page: its description and latest articles (health stays in the admin)."""
    outlet = get_object_or_404(Source, slug=slug)
    page = _page(request, queries.published_articles().filter(source=outlet))
    return render(request, "site/source.html", {"source": outlet, "page": page})


@public_page()
def section(request: HttpRequest, slug: str) -> HttpResponse:
    """A section's latest articles."""
    sec = get_object_or_404(Section, slug=slug)
    page = _page(request, queries.published_articles().filter(section=sec))
    return render(request, "site/section.html", {"section": sec, "page": page})


@public_page()
def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Full coverage: every outlet's article on one story, first reporter first, as a
    timeline. A story whose articles are all hidden does not exist for the reader."""
    item = get_object_or_404(Story, pk=pk)
    coverage = queries.story_coverage(item)
    first = coverage.first()
    if first is None:
        raise Http404("story without visible articles")
    page = _page(request, coverage)
    outlets = coverage.values("source").distinct().count()
    return render(
        request,
        "site/story.html",
        {"story": item, "page": page, "first": first, "outlets": outlets},
    )


@public_page()
def search(request: HttpRequest) -> HttpResponse:
    """Search results with highlighted snippets, ten pages of results at most."""
    return render(request, "site/search.html", search_context(request))


@public_page(max_age=3600)
def about(request: HttpRequest) -> HttpResponse:
    """What the site is, whose articles these are, and how each outlet's policy is respected."""
    sources = Source.objects.filter(enabled=True).order_by("name")
    return render(request, "site/about.html", {"sources": sources})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 404 (in the reader's language) with a way back and a search box."""
    language = getattr(request, "naql_language", None) or request_language(request)
    with translation.override(language):
        return secure(render(request, "site/404.html", status=404))


def server_error(request: HttpRequest) -> HttpResponse:
    """A friendly Arabic 500 that needs neither the database nor a template context."""
    context = {"site_name": preferences.last_known().site_name}
    return secure(render(request, "site/500.html", context, status=500))
