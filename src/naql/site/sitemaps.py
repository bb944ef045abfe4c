"""``sitemap.xml`` (an index), its pages, a Google News sitemap and ``robots.txt``.

Which articles are listed: only pages whose canonical address is ours. A full-text article
points ``rel=canonical`` at the outlet's original, so listing it would tell search engines two
different things; excerpt and link-only pages, and articles of ``noindex`` sources, follow the
same rule (the latter are left out altogether). The Google News sitemap lists the last 48
hours, at most 1,000 articles, as Google asks.

The XML is built with ElementTree using literal prefixed tag names and explicit ``xmlns``
attributes, so nothing touches ElementTree's process-wide namespace registry.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from naql.news.models import Article
from naql.site import preferences, queries
from naql.site.http import public_page
from naql.site.seo import absolute
from naql.sources.models import Policy, Section, Source

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
PER_FILE = 10_000
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_MAX = 1000
XML = "application/xml; charset=utf-8"


def indexable_articles() -> QuerySet[Article]:
    """Published originals whose page is canonical here and whose source allows indexing."""
    return (
        queries.published_articles()
        .filter(source__noindex=False)
        .exclude(source__policy=Policy.FULL)
    )


def _doc(root: ET.Element) -> HttpResponse:
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type=XML)


def _url(root: ET.Element, loc: str, lastmod: dt.datetime | None = None) -> ET.Element:
    node = ET.SubElement(root, "url")
    ET.SubElement(node, "loc").text = loc
    if lastmod is not None:
        ET.SubElement(node, "lastmod").text = lastmod.isoformat()
    return node


@public_page(max_age=600)
def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: the fixed pages, the news sitemap and one file per 10,000 articles."""
    root = ET.Element("sitemapindex", xmlns=SM)
    files = max(1, -(-indexable_articles().count() // PER_FILE))
    locs = [reverse("site:sitemap_pages"), reverse("site:sitemap_news")]
    locs += [reverse("site:sitemap_articles", args=[n]) for n in range(1, files + 1)]
    for loc in locs:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = absolute(loc)
    return _doc(root)


@public_page(max_age=600)
def pages(request: HttpRequest) -> HttpResponse:
    """Home, about, every section and every source."""
    root = ET.Element("urlset", xmlns=SM)
    for path in (reverse("site:home"), reverse("site:about")):
        _url(root, absolute(path))
    for sec in Section.objects.order_by("position", "name"):
        _url(root, absolute(reverse("site:section", args=[sec.slug])))
    for src in Source.objects.filter(noindex=False).order_by("name"):
        _url(root, absolute(reverse("site:source", args=[src.slug])))
    return _doc(root)


@public_page(max_age=600)
def articles(request: HttpRequest, n: int) -> HttpResponse:
    """The ``n``-th file of article pages, oldest first so that a file's content is stable."""
    qs = indexable_articles().order_by("id").values_list("id", "published_at", "modified_at")
    chunk = list(qs[(n - 1) * PER_FILE : n * PER_FILE]) if n >= 1 else []
    if not chunk and n != 1:
        raise Http404("no such sitemap file")
    root = ET.Element("urlset", xmlns=SM)
    # one reverse() for 10,000 rows: the URL differs only by the id
    pattern = absolute(reverse("site:article", args=[0])).replace("/0/", "/{}/")
    for pk, published, modified in chunk:
        _url(root, pattern.format(pk), modified or published)
    return _doc(root)


@public_page(max_age=300)
def news(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles published in the last 48 hours."""
    since = timezone.now() - NEWS_WINDOW
    recent = indexable_articles().filter(published_at__gte=since)[:NEWS_MAX]
    root = ET.Element("urlset", {"xmlns": SM, "xmlns:news": NEWS})
    for a in recent:
        node = _url(root, absolute(reverse("site:article", args=[a.pk])))
        item = ET.SubElement(node, "news:news")
        pub = ET.SubElement(item, "news:publication")
        ET.SubElement(pub, "news:name").text = preferences.current().site_name
        ET.SubElement(pub, "news:language").text = a.lang or "ar"
        ET.SubElement(item, "news:publication_date").text = a.published_at.isoformat()
        ET.SubElement(item, "news:title").text = a.title
    return _doc(root)


@public_page(max_age=3600)
def robots(request: HttpRequest) -> HttpResponse:
    """Crawl everything public; not the admin, the search results or the API."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /api/",
        "",
        f"Sitemap: {absolute(reverse('site:sitemap_index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
