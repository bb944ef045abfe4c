"""Feeds parsed back with feedparser: every format, every scope, policy respected."""

from __future__ import annotations

import json
from dataclasses import dataclass

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tests.site.newsroom import Newsroom

pytestmark = pytest.mark.django_db

SECOND_PARAGRAPH = "الجولة المقبلة من المفاوضات"
FIRST_PARAGRAPH = "تناولت التعاون الاقتصادي وأمن الحدود"


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    text: str
    published: str


def _entries(client: Client, url: str) -> list[Entry]:
    """The feed's entries: RSS and Atom through feedparser (it must parse them cleanly);
    JSON Feed (feedparser 6.0 does not read it) through json, checking the 1.1 fields."""
    response = client.get(url)
    assert response.status_code == 200, url
    if url.endswith(".json"):
        data = json.loads(response.content)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        return [
            Entry(i["title"], i["url"], i.get("content_html", "") + i.get("summary", ""),
                  i["date_published"])
            for i in data["items"]
        ]  # fmt: skip
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    assert parsed.version in ("rss20", "atom10")
    return [
        Entry(e.title, e.link, e.get("content", [{}])[0].get("value", "") + e.get("summary", ""),
              e.published)
        for e in parsed.entries
    ]  # fmt: skip


def _by_title(entries: list[Entry]) -> dict[str, Entry]:
    return {e.title: e for e in entries}


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_site_feed_respects_each_policy(client: Client, newsroom: Newsroom, fmt: str) -> None:
    entries = _by_title(_entries(client, reverse("site:feed", args=[fmt])))
    assert "خبر محجوب لا يظهر أبدا" not in entries
    assert "خبر قيد المعالجة" not in entries
    assert newsroom.copy.title not in entries
    full = entries[newsroom.first.title]
    assert SECOND_PARAGRAPH in full.text
    assert "ونشكر المصدر الأصلي" in full.text
    assert full.link.endswith(reverse("site:article", args=[newsroom.first.pk]))
    excerpt = entries[newsroom.excerpted.title]
    assert FIRST_PARAGRAPH in excerpt.text
    assert SECOND_PARAGRAPH not in excerpt.text
    linked = entries[newsroom.linked.title]
    assert FIRST_PARAGRAPH not in linked.text
    assert linked.link == newsroom.linked.url
    assert full.published


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_scoped_feeds(client: Client, newsroom: Newsroom, fmt: str) -> None:
    source = _by_title(_entries(client, reverse("site:source_feed", args=["excerpt-news", fmt])))
    assert set(source) == {newsroom.excerpted.title}
    section = _by_title(_entries(client, reverse("site:section_feed", args=["politics", fmt])))
    assert newsroom.linked.title in section
    assert newsroom.quiet_article.title in section
    story = _entries(client, reverse("site:story_feed", args=[newsroom.story.pk, fmt]))
    titles = [e.title for e in story]
    assert titles[0] == newsroom.linked.title  # newest first
    assert set(titles) == {a.title for a in (newsroom.first, newsroom.copy,
                                             newsroom.excerpted, newsroom.linked)}  # fmt: skip


def test_json_feed_is_json_feed_1_1(client: Client, newsroom: Newsroom) -> None:
    response = client.get(reverse("site:feed", args=["json"]))
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert all({"id", "url", "title", "date_published"} <= set(item) for item in data["items"])


def test_unknown_format_is_404(client: Client, newsroom: Newsroom) -> None:
    assert client.get("/feed.xml").status_code == 404
    assert client.get(reverse("site:source_feed", args=["nobody", "rss"])).status_code == 404
