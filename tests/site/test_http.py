"""HTTP behaviour: security headers, validators and 304s, caching, compression, CSRF tokens
that survive the page cache."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.site.newsroom import Newsroom

pytestmark = pytest.mark.django_db


def test_security_headers_on_pages_feeds_and_errors(client: Client, newsroom: Newsroom) -> None:
    for url, status in (("/", 200), (reverse("site:feed", args=["atom"]), 200),
                        ("/sitemap.xml", 200), ("/nowhere/", 404)):  # fmt: skip
        response = client.get(url)
        assert response.status_code == status
        csp = response["Content-Security-Policy"]
        assert "script-src 'none'" in csp
        assert "object-src 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_etag_gives_304_and_cache_control(client: Client, newsroom: Newsroom) -> None:
    url = reverse("site:article", args=[newsroom.first.pk])
    first = client.get(url)
    assert first["Cache-Control"] == "max-age=60"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    # another visitor gets the same ETag: the CSRF token mask does not change it
    assert Client().get(url)["ETag"] == etag


def test_responses_are_compressed(client: Client, newsroom: Newsroom) -> None:
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert '<html lang="ar" dir="rtl">' in gzip.decompress(response.content).decode()


def test_cached_page_gives_each_visitor_a_working_csrf_token(newsroom: Newsroom) -> None:
    Client().get("/")  # fills the cache with another visitor's page
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    assert "@@" not in token.group(1)
    posted = visitor.post(
        reverse("subscriptions:subscribe"),
        {"email": "reader@example.com", "csrfmiddlewaretoken": token.group(1)},
    )
    assert posted.status_code != 403
    stranger = Client(enforce_csrf_checks=True)
    refused = stranger.post(
        reverse("subscriptions:subscribe"),
        {"email": "reader@example.com", "csrfmiddlewaretoken": token.group(1)},
    )
    assert refused.status_code == 403


def test_static_font_is_bundled_and_served(client: Client, newsroom: Newsroom) -> None:
    html = client.get("/").content.decode()
    css_url = re.search(r'href="(/static/site/site[^"]*\.css)"', html)
    assert css_url is not None
    css = b"".join(client.get(css_url.group(1)).streaming_content).decode()  # type: ignore[attr-defined]
    font = re.search(r'url\("(fonts/NotoNaskhArabic-Regular-subset[^"]*\.woff2)"\)', css)
    assert font is not None
    response = client.get("/static/site/" + font.group(1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"wOF2"  # type: ignore[attr-defined]


def test_saving_an_article_refreshes_cached_pages(client: Client, newsroom: Newsroom) -> None:
    url = reverse("site:article", args=[newsroom.excerpted.pk])
    assert client.get(url).status_code == 200
    newsroom.excerpted.hidden = True
    newsroom.excerpted.save()  # the admin's hide button does this
    assert client.get(url).status_code == 404
    assert newsroom.excerpted.title not in client.get("/").content.decode()
