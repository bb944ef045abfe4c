"""Feed parsing: every format, the same items as feedparser, and typed refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from naql.errors import NotAFeed, ParseError, UnsafeDocument
from naql.fetch import Feed, parse_feed
from naql.fetch.feeds import parse_with_feedparser
from tests.fetch.arabicfeeds import Article, atom, json_feed, rss1, rss2, synthetic_articles

ARTICLES = synthetic_articles(30)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>&lol4;</title><link>https://a.example/1</link></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title>
<item><title>&xxe;</title><link>https://a.example/1</link></item></channel></rss>"""


def key(feed: Feed) -> list[tuple[object, ...]]:
    """What must agree between readers: link, title, guid, date of every item, in order."""
    return [(i.url, i.title, i.guid, i.published) for i in feed.items]


@pytest.mark.parametrize("build", [rss2, rss1, atom], ids=["rss2", "rss1", "atom"])
def test_xml_formats_agree_with_feedparser(build: Callable[[list[Article]], bytes]) -> None:
    data = build(ARTICLES)
    ours = parse_feed(data, "https://news.example/")
    theirs = parse_with_feedparser(data, "https://news.example/")
    assert ours.parser == "lxml"
    assert len(ours.items) == 30
    assert key(ours) == key(theirs)
    assert ours.title == theirs.title
    first = ours.items[0]
    assert first.url == ARTICLES[0].url
    assert first.published == ARTICLES[0].published
    assert first.published is not None
    assert first.published.tzinfo is UTC


def test_rss2_fields() -> None:
    feed = parse_feed(rss2(ARTICLES[:2]), "https://news.example/")
    item = feed.items[0]
    assert feed.ttl_minutes == 15
    assert feed.link == "https://news.example/"
    assert (item.author, item.section) == ("القاهرة - مراسلنا", "سياسة")
    assert "<b>تفاصيل</b>" in item.summary


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_json_feed(version: str) -> None:
    feed = parse_feed(json_feed(ARTICLES[:3], version))
    assert feed.parser == "json"
    assert [i.url for i in feed.items] == [a.url for a in ARTICLES[:3]]
    assert feed.items[1].author == "القاهرة - مراسلنا"
    assert feed.items[2].published == ARTICLES[2].published


def test_rss_091_relative_links_and_guid_only_items() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>t</title><link>https://n.example/</link>
<item><title>one</title><link>/ar/1.html</link></item>
<item><title>two</title><guid>https://n.example/ar/2.html</guid></item>
<item><title>no link</title><guid isPermaLink="false">abc</guid></item>
</channel></rss>"""
    feed = parse_feed(data, "https://n.example/rss")
    assert [i.url for i in feed.items] == [
        "https://n.example/ar/1.html",
        "https://n.example/ar/2.html",
    ]


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused(doc: bytes) -> None:
    with pytest.raises(UnsafeDocument, match="entities"):
        parse_feed(doc)
    with pytest.raises(UnsafeDocument):
        parse_with_feedparser(doc)


def test_entities_hidden_in_utf16_are_refused() -> None:
    with pytest.raises(UnsafeDocument):
        parse_feed(
            BILLION_LAUGHS.decode().replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode("utf-16")
        )


@pytest.mark.parametrize(
    "doc",
    [
        b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
        b"\n <html lang='ar' dir='rtl'><body><p>\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1</p>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
    ],
)
def test_html_served_as_rss_is_not_a_feed(doc: bytes) -> None:
    with pytest.raises(NotAFeed, match="HTML"):
        parse_feed(doc)


def test_other_documents_are_typed_errors() -> None:
    with pytest.raises(NotAFeed, match="sitemap"):
        parse_feed(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>")
    with pytest.raises(NotAFeed):
        parse_feed(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    with pytest.raises(NotAFeed):
        parse_feed(b'{"hello": "world"}')
    with pytest.raises(ParseError, match="empty"):
        parse_feed(b"  \n")
    with pytest.raises(ParseError):
        parse_feed(b"\x00\x01 binary junk \xff")


def test_truncated_feed_keeps_the_items_before_the_break() -> None:
    whole = rss2(ARTICLES[:10])
    cut = whole[: whole.index(ARTICLES[6].url.encode()) + 10]
    feed = parse_feed(cut, "https://news.example/")
    assert feed.partial
    urls = [i.url for i in feed.items]
    assert urls[:6] == [a.url for a in ARTICLES[:6]]


def test_malformed_but_readable_feed_falls_back() -> None:
    # A bare & and an undeclared entity: lxml refuses, feedparser's loose parser copes.
    data = rss2(ARTICLES[:3]).replace(b"<title>", b"<title>AT&T &nbsp; ", 1)
    feed = parse_feed(data, "https://news.example/")
    assert feed.parser == "feedparser"
    assert feed.partial
    assert [i.url for i in feed.items] == [a.url for a in ARTICLES[:3]]


def test_bad_dates_and_missing_fields_do_not_lose_items() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>https://n.example/a</link><pubDate>\xd8\xa7\xd9\x84\xd8\xa3\xd8\xad\xd8\xaf</pubDate></item>
<item><link>https://n.example/b</link><pubDate>2018-03-01T10:00:00+03:00</pubDate></item>
</channel></rss>"""
    feed = parse_feed(data)
    assert [i.url for i in feed.items] == ["https://n.example/a", "https://n.example/b"]
    assert feed.items[0].published is None
    assert feed.items[1].published == datetime(2018, 3, 1, 7, 0, tzinfo=UTC)
