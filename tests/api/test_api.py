"""The read-only API: shapes, policy, visibility, and its OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.site.newsroom import Newsroom

pytestmark = pytest.mark.django_db


def _json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_schema_is_served_and_lists_every_resource(client: Client) -> None:
    schema = _json(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories",
                 "/api/stories/{story_id}", "/api/sources", "/api/sources/{slug}",
                 "/api/sections", "/api/search"):  # fmt: skip
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) == {"get"}  # read-only


def test_articles_list_hides_what_the_site_hides(client: Client, newsroom: Newsroom) -> None:
    data = _json(client, "/api/articles?limit=100")
    ids = {item["id"] for item in data["items"]}
    assert ids == {a.pk for a in (newsroom.first, newsroom.excerpted, newsroom.linked,
                                  newsroom.quiet_article)}  # fmt: skip
    assert data["total"] == 4
    for hidden in (newsroom.hidden, newsroom.pending):
        _json(client, f"/api/articles/{hidden.pk}", 404)


def test_article_detail_respects_policy(client: Client, newsroom: Newsroom) -> None:
    full = _json(client, f"/api/articles/{newsroom.first.pk}")
    assert "الجولة المقبلة من المفاوضات" in full["body_html"]
    assert full["copies"] == [newsroom.copy.url]
    excerpt = _json(client, f"/api/articles/{newsroom.excerpted.pk}")
    assert excerpt["body_html"] is None
    assert "وأمن الحدود" in excerpt["excerpt"]
    link = _json(client, f"/api/articles/{newsroom.linked.pk}")
    assert link["body_html"] is None
    assert link["excerpt"] is None
    assert link["url"] == newsroom.linked.url


def test_filters_stories_sources_sections_search(client: Client, newsroom: Newsroom) -> None:
    by_source = _json(client, "/api/articles?source=link-news")
    assert [i["id"] for i in by_source["items"]] == [newsroom.linked.pk]
    story = _json(client, f"/api/stories/{newsroom.story.pk}")
    assert story["outlets"] == 3
    assert next(a["id"] for a in story["articles"]) == newsroom.first.pk
    assert newsroom.hidden.pk not in {a["id"] for a in story["articles"]}
    assert _json(client, "/api/stories")["items"][0]["id"] == newsroom.story.pk
    sources = {s["slug"]: s for s in _json(client, "/api/sources")}
    assert sources["full-news"]["policy"] == "full"
    assert "consecutive_failures" not in sources["full-news"]
    assert _json(client, "/api/sections") == [{"slug": "politics", "name": "سياسة"}]
    found = _json(client, "/api/search?q=المفاوضات")
    assert found["total"] >= 3
    assert "<mark>" in found["hits"][0]["snippet_html"]


def test_bad_parameters_are_client_errors(client: Client, newsroom: Newsroom) -> None:
    _json(client, "/api/articles?limit=0", 422)
    _json(client, "/api/articles?limit=1000", 422)
    _json(client, "/api/search?q=", 422)
    _json(client, "/api/articles/999999999", 404)


def test_nul_bytes_are_client_errors(client: Client, newsroom: Newsroom) -> None:
    # found by schemathesis on PostgreSQL, which rejects NUL in text
    _json(client, "/api/articles?source=%00", 422)
    _json(client, "/api/sources/a%00", 404)
    assert client.get("/api/search?q=%00").status_code == 200
