"""Sitemaps: plain, Google News, indexes; broken and hostile ones get typed errors."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from naql.errors import NotAFeed, ParseError, UnsafeDocument
from naql.fetch import parse_sitemap
from naql.fetch.sitemaps import MAX_SITEMAP_BYTES

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://n.example/ar/1-أخبار.html</loc><lastmod>2018-03-01T12:00:00+03:00</lastmod>
    <news:news><news:publication><news:name>أخبار</news:name><news:language>ar</news:language>
    </news:publication><news:publication_date>2018-03-01T11:30:00+03:00</news:publication_date>
    <news:title>وزير الخارجية يلتقي نظيره</news:title></news:news></url>
  <url><loc>https://n.example/ar/2.html</loc></url>
  <url><lastmod>2018-03-01</lastmod></url>
</urlset>""".encode()


def test_news_sitemap() -> None:
    sm = parse_sitemap(NEWS)
    assert [u.url for u in sm.urls] == [
        "https://n.example/ar/1-أخبار.html",
        "https://n.example/ar/2.html",
    ]
    first = sm.urls[0]
    assert first.news_title == "وزير الخارجية يلتقي نظيره"
    assert first.news_published == datetime(2018, 3, 1, 8, 30, tzinfo=UTC)
    assert first.lastmod == datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
    assert sm.urls[1].news_title is None
    assert sm.sitemaps == ()
    assert not sm.partial


def test_sitemap_index() -> None:
    data = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/sitemap-1.xml</loc><lastmod>2018-01-01</lastmod></sitemap>
<sitemap><loc> https://n.example/sitemap-2.xml </loc></sitemap></sitemapindex>"""
    sm = parse_sitemap(data)
    assert sm.sitemaps == ("https://n.example/sitemap-1.xml", "https://n.example/sitemap-2.xml")
    assert sm.urls == ()


def test_truncated_sitemap_is_partial() -> None:
    cut = NEWS[: NEWS.index(b"<url><lastmod>")]
    sm = parse_sitemap(cut)
    assert sm.partial
    assert len(sm.urls) == 2


def test_hostile_and_wrong_documents() -> None:
    with pytest.raises(UnsafeDocument):
        parse_sitemap(
            b'<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset>&x;</urlset>'
        )
    with pytest.raises(NotAFeed):
        parse_sitemap(b"<!doctype html><html><body>404</body></html>")
    with pytest.raises(NotAFeed):
        parse_sitemap(b"<rss version='2.0'><channel/></rss>")
    with pytest.raises(ParseError, match="gzip"):
        parse_sitemap(b"\x1f\x8b\x08\x00rest")
    with pytest.raises(ParseError):
        parse_sitemap(b"not xml at all")


def test_gzipped_sitemaps_are_inflated_within_the_cap() -> None:
    assert parse_sitemap(gzip.compress(NEWS)) == parse_sitemap(NEWS)
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_SITEMAP_BYTES + 10) + b"</urlset>")
    with pytest.raises(ParseError, match="50"):
        parse_sitemap(bomb)
