"""The demo newsroom over real HTTP: feeds, pages, the aggregator, caching, robots and 404s."""

from __future__ import annotations

import calendar
import html
import json
from collections.abc import Iterator
from datetime import datetime

import feedparser
import httpx
import lxml.html
import pytest
from lxml import etree

from naql.demo.newsroom import Newsroom, OutletInfo, ServedPage, load_sample
from naql.demo.site import FEED_ITEMS
from naql.demo.templates.aggregator import SUBSCRIBE_HEADING, SUBSCRIBE_TEXT, intro, outro

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def room() -> Iterator[Newsroom]:
    with Newsroom(articles=load_sample()) as newsroom:
        yield newsroom


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, trust_env=False) as c:
        yield c


def pages_of(room: Newsroom, outlet: OutletInfo) -> list[ServedPage]:
    return [p for p in room.pages if p.outlet == outlet.slug]


def charset_of(response: httpx.Response) -> str:
    return response.headers["content-type"].split("charset=")[1].strip()


def test_every_outlet_is_up_with_its_own_port(room: Newsroom) -> None:
    assert len(room.outlets) == 7
    assert len({o.port for o in room.outlets}) == 7
    assert [o.slug for o in room.outlets if o.is_aggregator] == ["zad_alakhbar"]
    assert {o.charset for o in room.outlets} == {"utf-8", "windows-1256"}
    assert sum(1 for o in room.outlets if o.sitemap_url) == 1
    assert all(o.homepage.startswith("http://127.0.0.1:") for o in room.outlets)
    assert len({p.url for p in room.pages}) == len(room.pages)


@pytest.mark.parametrize("slug", ["alarabiya", "bbc_arabic", "cnn_arabic", "france24_arabic",
                                  "skynews_arabia", "jawharafm", "zad_alakhbar"])
def test_feed_parses_and_lists_the_newest_articles(
    room: Newsroom, client: httpx.Client, slug: str
) -> None:
    outlet = room.outlet(slug)
    assert outlet.feed_url is not None
    response = client.get(outlet.feed_url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content, response_headers=dict(response.headers))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version.startswith("atom" if outlet.feed_type == "atom" else "rss20")
    newest = sorted(pages_of(room, outlet), key=lambda p: p.published, reverse=True)[:FEED_ITEMS]
    assert len(feed.entries) == len(newest) == min(FEED_ITEMS, len(pages_of(room, outlet)))
    assert [e.link for e in feed.entries] == [p.url for p in newest]
    assert [e.title for e in feed.entries] == [p.article.title for p in newest]
    assert all(entry.id and entry.tags and entry.summary for entry in feed.entries)


def test_feed_dates_are_the_articles_instants(room: Newsroom, client: httpx.Client) -> None:
    for outlet in room.outlets:
        assert outlet.feed_url is not None
        feed = feedparser.parse(client.get(outlet.feed_url).content)
        by_url = {p.url: p for p in pages_of(room, outlet)}
        for entry in feed.entries:
            served = by_url[entry.link].published
            assert calendar.timegm(entry.published_parsed) == int(served.timestamp())


def test_every_page_is_served_with_title_and_every_paragraph(
    room: Newsroom, client: httpx.Client
) -> None:
    assert len(room.pages) >= 330
    for page in room.pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        text = response.content.decode(charset_of(response))
        doc = lxml.html.fromstring(text)
        assert page.article.title in doc.findtext(".//title"), page.url
        assert doc.findtext(".//h1").strip() == page.article.title
        served_paragraphs = ["".join(p.itertext()) for p in doc.iter("p")]
        body_paragraphs = [p for p in served_paragraphs if p in page.article.paragraphs]
        assert body_paragraphs == list(page.article.paragraphs), page.url


def test_windows_1256_outlet_is_really_windows_1256(room: Newsroom, client: httpx.Client) -> None:
    outlet = room.outlet("cnn_arabic")
    page = pages_of(room, outlet)[0]
    response = client.get(page.url)
    assert response.headers["content-type"] == "text/html; charset=windows-1256"
    assert b'content="text/html; charset=windows-1256"' in response.content
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    assert page.article.paragraphs[0] in html.unescape(response.content.decode("windows-1256"))
    feed = client.get(outlet.feed_url or "")
    assert feed.content.startswith(b'<?xml version="1.0" encoding="windows-1256"?>')


def test_homepages_autodiscover_the_feed_and_list_all_articles(
    room: Newsroom, client: httpx.Client
) -> None:
    for outlet in room.outlets:
        response = client.get(outlet.homepage)
        doc = lxml.html.fromstring(response.content.decode(charset_of(response)))
        feeds = doc.xpath('//link[@rel="alternate"]/@href')
        assert feeds == [outlet.feed_url]
        links = set(doc.xpath("//a/@href"))
        assert {p.url for p in pages_of(room, outlet)} <= links


def test_metadata_styles_differ_by_outlet(room: Newsroom, client: httpx.Client) -> None:
    def first_page(slug: str) -> tuple[ServedPage, str]:
        page = pages_of(room, room.outlet(slug))[0]
        response = client.get(page.url)
        return page, response.content.decode(charset_of(response))

    page, markup = first_page("alarabiya")
    doc = lxml.html.fromstring(markup)
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.article.title
    assert data["articleBody"] == page.article.body
    assert datetime.fromisoformat(data["datePublished"]) == page.article.published
    assert data["datePublished"].endswith("+04:00")
    assert doc.xpath("//figure/figcaption/text()")[0].endswith(")")

    page, markup = first_page("bbc_arabic")
    data = json.loads(lxml.html.fromstring(markup).xpath(
        '//script[@type="application/ld+json"]/text()')[0])
    assert "articleBody" not in data

    page, markup = first_page("france24_arabic")
    assert "application/ld+json" not in markup
    assert 'property="article:published_time"' in markup

    page, markup = first_page("jawharafm")
    assert "application/ld+json" not in markup
    assert "og:" not in markup
    assert "<time" not in markup
    assert any(month in markup for month in ("جانفي", "فيفري", "مارس"))
    assert f"{page.published.year}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in markup


def test_aggregator_copies_are_wrapped_and_some_credit_the_source(
    room: Newsroom, client: httpx.Client
) -> None:
    copies = [p for p in room.pages if p.is_copy]
    assert 25 <= len(copies) <= 35
    assert len({p.article.outlet for p in copies}) >= 5
    credited = [p for p in copies if p.credited]
    assert 0 < len(credited) < len(copies)
    originals = {p.url: p for p in room.pages if not p.is_copy}
    for page in copies:
        assert page.original_url in originals
        assert originals[page.original_url].article == page.article
        doc = lxml.html.fromstring(client.get(page.url).text)
        content = doc.xpath('//div[@class="entry-content"]')
        assert len(content) == 1
        text = content[0].text_content()
        first, second = intro("زاد الأخبار", page.article.title)
        assert first in text
        assert second in text
        assert outro("زاد الأخبار", page.article.title) in text
        assert SUBSCRIBE_HEADING in text
        assert SUBSCRIBE_TEXT in text
        assert text.index(first) < text.index(page.article.paragraphs[0]) < text.index(
            outro("زاد الأخبار", page.article.title))
        source_links = content[0].xpath('.//a[@href=$u]', u=page.original_url)
        assert bool(source_links) == page.credited
        assert ("المصدر:" in text) == page.credited


def test_conditional_get_answers_304(room: Newsroom, client: httpx.Client) -> None:
    for outlet in room.outlets:
        url = outlet.feed_url or ""
        first = client.get(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        changed = client.get(url, headers={"If-None-Match": '"something-else"'})
        assert changed.status_code == 200
        assert changed.content == first.content
        older = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        assert older.status_code == 200


def test_gzip_is_served_when_asked(room: Newsroom, client: httpx.Client) -> None:
    page = room.pages[0]
    plain = client.get(page.url, headers={"Accept-Encoding": "identity"})
    zipped = client.get(page.url, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx decodes the gzip body


def test_unknown_paths_are_404(room: Newsroom, client: httpx.Client) -> None:
    for outlet in room.outlets:
        assert client.get(outlet.homepage + "no/such/page.html").status_code == 404
        assert client.get(outlet.homepage + "news-sitemap.xml").status_code == (
            200 if outlet.sitemap_url else 404)


def test_robots_allows_all_and_names_a_working_sitemap(
    room: Newsroom, client: httpx.Client
) -> None:
    for outlet in room.outlets:
        robots = client.get(outlet.robots_url)
        assert robots.status_code == 200
        lines = robots.text.splitlines()
        assert "User-agent: *" in lines
        assert "Allow: /" in lines
        assert not [x for x in lines if x.startswith("Disallow")]
        sitemaps = [x.split(": ", 1)[1] for x in lines if x.startswith("Sitemap: ")]
        assert outlet.homepage + "sitemap.xml" in sitemaps
        tree = etree.fromstring(client.get(sitemaps[0]).content)
        locs = {e.text for e in tree.findall("s:url/s:loc", SITEMAP_NS)}
        assert locs == {p.url for p in pages_of(room, outlet)}


def test_news_sitemap_lists_the_newest_articles(room: Newsroom, client: httpx.Client) -> None:
    outlet = next(o for o in room.outlets if o.sitemap_url)
    tree = etree.fromstring(client.get(outlet.sitemap_url or "").content)
    ns = {**SITEMAP_NS, "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    titles = [e.text for e in tree.findall("s:url/n:news/n:title", ns)]
    newest = sorted(pages_of(room, outlet), key=lambda p: p.published, reverse=True)[:FEED_ITEMS]
    assert titles == [p.article.title for p in newest]


def test_requests_are_logged_per_outlet(room: Newsroom, client: httpx.Client) -> None:
    outlet = room.outlet("jawharafm")
    before = len(room.requests.for_outlet(outlet.slug))
    client.get(outlet.robots_url, headers={"User-Agent": "naql-test/1"})
    client.get(outlet.homepage + "missing")
    mine = room.requests.for_outlet(outlet.slug)[before:]
    assert [(r.path, r.status) for r in mine] == [("/robots.txt", 200), ("/missing", 404)]
    assert mine[0].client == "127.0.0.1"
    assert mine[0].user_agent == "naql-test/1"
    assert mine[0].time <= mine[1].time


def test_head_gives_headers_without_a_body(room: Newsroom, client: httpx.Client) -> None:
    page = room.pages[-1]
    head = client.head(page.url, headers={"Accept-Encoding": "identity"})
    get = client.get(page.url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]
