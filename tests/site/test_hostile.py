"""Untrusted article HTML never reaches a page in a form that can run script: stored sanitized
(as the extractor does) and stored raw (to prove the page's own sanitizer holds)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from naql.site.sanitize import clean_body
from tests.site.hostile import FORBIDDEN, HOSTILE_TITLE, PAYLOADS
from tests.site.newsroom import Newsroom, add_article, hostile, sanitized


def _body_region(html: str) -> str:
    return html.split('<div class="body" dir="auto">', 1)[1].split(
        '<p class="attribution outro"', maxsplit=1
    )[0]


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_sanitizer_removes_every_payload(name: str) -> None:
    out = str(clean_body(PAYLOADS[name])).lower()
    for bad in FORBIDDEN:
        assert bad not in out, (name, bad, out)


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["raw", "nh3"])
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_article_page_never_carries_script(
    client: Client, newsroom: Newsroom, name: str, stored: str
) -> None:
    body = PAYLOADS[name] if stored == "raw" else sanitized(PAYLOADS[name])
    article = hostile(newsroom.full, body, f"{name}-{stored}")
    response = client.get(reverse("site:article", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    region = _body_region(html).lower()
    for bad in FORBIDDEN:
        assert bad not in region, (name, bad)
    # the only script element on the page is the JSON-LD data block
    assert html.count("<script") == 1
    assert '<script type="application/ld+json">' in html
    assert "script-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_hostile_title_stays_text_everywhere(client: Client, newsroom: Newsroom) -> None:
    article = add_article(newsroom.full, "hostile-title", title=HOSTILE_TITLE)
    html = client.get(reverse("site:article", args=[article.pk])).content.decode()
    assert "<script>window.__pwned" not in html
    assert html.count("<script") == 1  # JSON-LD escaped the </script> in the title
    assert "\\u003c/script\\u003e" in html
    for url in ("/", reverse("site:feed", args=["rss"]), reverse("site:feed", args=["atom"])):
        assert "<script>window.__pwned" not in client.get(url).content.decode()
