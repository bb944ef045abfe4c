"""Property tests: feed parsing never crashes, URL canonicalization is a normal form."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from naql.errors import ParseError
from naql.fetch import Feed, canonicalize_url, parse_feed, parse_sitemap
from naql.fetch.sitemaps import Sitemap
from naql.fetch.urls import is_tracking_param
from tests.fetch.arabicfeeds import atom, json_feed, rss1, rss2, synthetic_articles

SAMPLES = [b(synthetic_articles(3)) for b in (rss2, rss1, atom, json_feed)]
ARABIC = st.text(
    alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=1, max_size=12
)


def _mutations() -> st.SearchStrategy[bytes]:
    """Real feeds cut, spliced and sprinkled with junk: what broken servers send."""
    doc = st.sampled_from(SAMPLES)
    cut = st.builds(lambda d, n: d[: n % (len(d) + 1)], doc, st.integers(0, 10_000))
    splice = st.builds(
        lambda d, i, junk: d[: i % (len(d) + 1)] + junk + d[i % (len(d) + 1) :],
        doc,
        st.integers(0, 10_000),
        st.binary(max_size=40)
        | st.sampled_from([b"<", b"&", b"]]>", b"<!DOCTYPE x>", b"\xff\xfe", b"</item>"]),
    )
    return cut | splice | st.binary(max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
@example(b"")
@example(b"<rss><channel><item><link>http://[</link></item></channel></rss>")
@example(b'{"items": [{"url": 5, "date_published": "9999-99-99"}], "version": 1}')
def test_parse_feed_returns_a_feed_or_raises_parse_error(data: bytes) -> None:
    try:
        feed = parse_feed(data, "https://news.example/")
    except ParseError:
        return
    assert isinstance(feed, Feed)
    assert all(isinstance(i.url, str) and i.url for i in feed.items)


@settings(max_examples=150, deadline=None)
@given(_mutations())
def test_parse_sitemap_returns_a_sitemap_or_raises_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        assert isinstance(parse_sitemap(data), Sitemap)


SEGMENT = ARABIC | st.text(alphabet="abcXYZ019-._~%/ ", max_size=8)
PARAMS = st.lists(
    st.tuples(
        st.sampled_from(["id", "page", "utm_source", "utm_medium", "fbclid", "gclid", "q", "ref"]),
        SEGMENT,
    ),
    max_size=5,
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = draw(
        st.sampled_from(
            ["News.Example", "www.alarabiya.net", "موقع.مصر", "127.0.0.2:8080", "x.example:443"]
        )
    )
    path = "/".join(draw(st.lists(SEGMENT, max_size=4)))
    query = "&".join(f"{k}={v}" for k, v in draw(PARAMS))
    frag = draw(st.sampled_from(["", "#top", "#قسم"]))
    return f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + frag


@settings(deadline=None)  # shared, loaded machines: no per-example time limit
@given(urls())
@example("https://n.example/ar/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1?utm_campaign=x")
def test_canonicalization_is_idempotent_and_strips_tracking(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once
    parts = urlsplit(once)
    assert once.isascii()  # Arabic paths and hosts in their percent-encoded / IDNA form
    assert parts.fragment == ""
    assert parts.scheme in ("http", "https")
    for pair in parts.query.split("&") if parts.query else []:
        assert not is_tracking_param(pair.split("=", 1)[0])


@settings(deadline=None)
@given(st.lists(ARABIC, min_size=1, max_size=4))
def test_arabic_paths_raw_or_encoded_are_one_url(words: list[str]) -> None:
    from urllib.parse import quote

    raw = "https://n.example/ar/" + "-".join(words) + ".html"
    encoded = quote(raw, safe=":/")
    assert canonicalize_url(raw) == canonicalize_url(encoded) == canonicalize_url(encoded.lower())


@settings(deadline=None)
@given(st.text(max_size=60))
def test_canonicalize_never_crashes_and_is_idempotent_on_anything(text: str) -> None:
    once = canonicalize_url(text)
    assert canonicalize_url(once) == once
