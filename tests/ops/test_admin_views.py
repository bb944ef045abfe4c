"""The admin's own pages against the demo newsroom: the dry run, the add-source preview, and
editing an article through its change form."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from naql.demo.newsroom import Newsroom, load_sample
from naql.news.models import Article, Entry
from naql.search.indexing import index_article
from naql.search.models import SearchDocument
from naql.sources.models import Endpoint, Section, Source

pytestmark = pytest.mark.django_db


def test_test_this_source_now_shows_three_articles_and_stores_nothing(
    admin_client_role: Client,
) -> None:
    with Newsroom(articles=load_sample()[:20], host="127.0.0.1") as room:
        outlet = next(o for o in room.outlets if not o.is_aggregator and o.feed_url)
        assert outlet.feed_url is not None
        source = Source.objects.create(slug="demo", name="demo", homepage=outlet.homepage)
        Endpoint.objects.create(source=source, url=outlet.feed_url)
        response = admin_client_role.post(reverse("ops-check-source", args=[source.pk]))
        titles = {p.article.title for p in room.pages if p.outlet == outlet.slug}
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-ok="1"' in page
    shown = [t for t in titles if f'<h4 class="sample-title">{escape(t)}</h4>' in page]
    assert len(shown) == 3
    assert Entry.objects.count() == 0
    assert Article.objects.count() == 0
    source.refresh_from_db()
    assert source.last_success_at is None
    assert source.rejected_counts == {}
    # A GET does not run it: the dry run fetches, so it is a POST behind CSRF.
    assert admin_client_role.get(reverse("ops-check-source", args=[source.pk])).status_code == 405


def test_adding_a_source_that_cannot_be_reached_says_why_and_adds_nothing(
    admin_client_role: Client,
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    preview = admin_client_role.post(
        reverse("ops-add-source"), {"url": url, "policy": "excerpt", "preview": "1"}
    ).content.decode()
    assert 'data-ok="0"' in preview
    assert 'name="save"' not in preview  # nothing to add until the preview works
    saved = admin_client_role.post(
        reverse("ops-add-source"), {"url": url, "policy": "excerpt", "save": "1"}
    )
    assert saved.status_code == 200
    assert "errorlist" in saved.content.decode()
    assert Source.objects.count() == 0


def test_an_editor_edits_title_and_section_and_hides_through_the_form(
    editor_client: Client,
    make_source: Callable[..., Source],
    make_article: Callable[..., Article],
    section: Section,
) -> None:
    article = make_article(make_source("alpha"))
    index_article(article)
    response = editor_client.post(
        reverse("admin:news_article_change", args=[article.pk]),
        {"title": "عنوان مصحح", "section": section.pk, "hidden": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    article.refresh_from_db()
    assert article.title == "عنوان مصحح"
    assert article.section == section
    assert article.hidden
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()
    assert article.story is not None
    article.story.refresh_from_db()
    assert article.story.article_count == 0
