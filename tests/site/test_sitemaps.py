"""sitemap.xml (index and files), the Google News sitemap and robots.txt."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.site.newsroom import Newsroom, add_article

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BASE = "http://127.0.0.1:8000"


def _xml(client: Client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own server's output)


def _locs(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SM}loc")]


def test_index_names_every_file_and_files_are_valid(client: Client, newsroom: Newsroom) -> None:
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    files = _locs(index)
    assert BASE + "/sitemap-pages.xml" in files
    assert BASE + "/sitemap-news.xml" in files
    assert BASE + "/sitemap-articles-1.xml" in files
    for loc in files:
        assert _xml(client, loc.removeprefix(BASE)).tag == f"{SM}urlset"


def test_article_sitemap_lists_only_pages_canonical_here(
    client: Client, newsroom: Newsroom
) -> None:
    locs = set(_locs(_xml(client, "/sitemap-articles-1.xml")))
    url = lambda a: BASE + reverse("site:article", args=[a.pk])  # noqa: E731
    assert url(newsroom.excerpted) in locs
    assert url(newsroom.linked) in locs
    # full text points rel=canonical at the original; noindex sources, copies, hidden and
    # pending articles are never listed
    for a in (newsroom.first, newsroom.quiet_article, newsroom.copy, newsroom.hidden,
              newsroom.pending):  # fmt: skip
        assert url(a) not in locs
    pages = set(_locs(_xml(client, "/sitemap-pages.xml")))
    assert BASE + "/section/politics/" in pages
    assert BASE + "/source/link-news/" in pages
    assert BASE + "/source/quiet-news/" not in pages


def test_news_sitemap_keeps_the_last_48_hours(client: Client, newsroom: Newsroom) -> None:
    old = add_article(newsroom.excerpt, "old", published_at=timezone.now() - dt.timedelta(hours=49))
    root = _xml(client, "/sitemap-news.xml")
    locs = set(_locs(root))
    assert BASE + reverse("site:article", args=[newsroom.excerpted.pk]) in locs
    assert BASE + reverse("site:article", args=[old.pk]) not in locs
    titles = {el.text for el in root.iter(f"{NEWS}title")}
    assert newsroom.excerpted.title in titles
    assert {el.text for el in root.iter(f"{NEWS}language")} == {"ar"}


def test_robots_points_at_the_sitemap(client: Client, newsroom: Newsroom) -> None:
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
