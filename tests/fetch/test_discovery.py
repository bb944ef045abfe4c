"""Feed discovery: advertised links first, then common paths and robots.txt sitemaps."""

from __future__ import annotations

from naql.fetch import Fetcher, FetchPolicy, discover_feeds, find_feeds
from tests.fetch.arabicfeeds import atom, rss2, synthetic_articles
from tests.fetch.faultserver import FaultServer, ok

HOME = """<!doctype html><html lang="ar" dir="rtl"><head>
<link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="/rss/latest.xml">
<link rel="Alternate" type="application/atom+xml" href="https://cdn.example/atom.xml">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" hreflang="en" href="/en/">
<link rel="stylesheet" type="text/css" href="/s.css">
<link rel="alternate" type="application/rss+xml" href="/rss/latest.xml">
</head><body><h1>الرئيسية</h1></body></html>"""


def test_discover_feeds_from_link_tags() -> None:
    assert discover_feeds(HOME, "https://n.example/ar/") == (
        "https://n.example/rss/latest.xml",
        "https://cdn.example/atom.xml",
        "https://n.example/ar/feed.json",
    )
    assert (
        discover_feeds(HOME.encode("utf-8"), "https://n.example/")[0]
        == "https://n.example/rss/latest.xml"
    )


def test_discover_respects_base_and_survives_junk() -> None:
    page = (
        '<html><head><base href="https://b.example/x/">'
        '<link rel="alternate" type="application/rss+xml" href="f.xml"></head></html>'
    )
    assert discover_feeds(page, "https://a.example/") == ("https://b.example/x/f.xml",)
    assert discover_feeds("", "https://a.example/") == ()
    assert discover_feeds(b"\x00\xff<<<", "https://a.example/") == ()


def test_find_feeds_keeps_only_advertised_feeds_that_parse(
    server: FaultServer, policy: FetchPolicy
) -> None:
    arts = synthetic_articles(3)
    server.route(
        "/", ok(HOME.replace("https://cdn.example", server.url("")), "text/html; charset=utf-8")
    )
    server.route("/rss/latest.xml", ok(rss2(arts)))
    server.route("/atom.xml", ok(atom(arts)))
    # feed.json is advertised but 404s: not kept.
    with Fetcher(policy) as f:
        found = find_feeds(f, server.url("/"))
    assert [(x.url, x.kind, x.via) for x in found] == [
        (server.url("/rss/latest.xml"), "feed", "link"),
        (server.url("/atom.xml"), "feed", "link"),
    ]


def test_find_feeds_falls_back_to_paths_and_robots(
    server: FaultServer, policy: FetchPolicy
) -> None:
    server.route("/", ok("<html><body>no links</body></html>", "text/html"))
    server.route("/feed", ok("<html><body>a page, not a feed</body></html>", "text/html"))
    server.route("/rss.xml", ok(rss2(synthetic_articles(2))))
    server.route(
        "/robots.txt",
        ok(
            f"User-agent: *\nDisallow: /atom.xml\nSitemap: {server.url('/maps/news.xml')}\n",
            "text/plain",
        ),
    )
    server.route("/atom.xml", ok(atom(synthetic_articles(2))))
    server.route(
        "/maps/news.xml",
        ok(
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://n.example/1</loc></url></urlset>",
            "application/xml",
        ),
    )
    with Fetcher(policy) as f:
        found = find_feeds(f, server.url("/"))
    assert [(x.url, x.kind, x.via) for x in found] == [
        (server.url("/rss.xml"), "feed", "path"),
        (server.url("/maps/news.xml"), "sitemap", "robots"),
    ]
    assert server.hits("/atom.xml") == []  # disallowed by robots.txt: never fetched


def test_find_feeds_given_a_feed_url(server: FaultServer, policy: FetchPolicy) -> None:
    server.route("/rss", ok(rss2(synthetic_articles(1))))
    with Fetcher(policy) as f:
        found = find_feeds(f, server.url("/rss"))
    assert [(x.url, x.via) for x in found] == [(server.url("/rss"), "given")]
