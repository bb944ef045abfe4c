"""Fixtures for the operator's side: real rows in the test database, real accounts in roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from naql.news.models import Article, StageState, Story
from naql.ops.roles import NewAccount, create_account
from naql.sources.models import Endpoint, Section, Source

BODY = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.\n\n"
    "وقال الوزير إن المستشفى سيخدم أكثر من نصف مليون نسمة في المنطقة والمناطق المجاورة."
)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def make_source() -> Callable[..., Source]:
    def make(slug: str, **fields: Any) -> Source:
        source = Source.objects.create(
            slug=slug, name=fields.pop("name", slug), homepage=f"https://{slug}.example/", **fields
        )
        Endpoint.objects.create(source=source, url=f"https://{slug}.example/feed.xml")
        return source

    return make


@pytest.fixture
def make_article() -> Callable[..., Article]:
    counter = iter(range(1, 10_000))

    def make(source: Source, **fields: Any) -> Article:
        n = next(counter)
        published = fields.pop("published_at", timezone.now() - timedelta(hours=n))
        article = Article.objects.create(
            source=source,
            url=fields.pop("url", f"{source.homepage}news/{n}"),
            title=fields.pop("title", f"خبر رقم {n}"),
            body_text=BODY,
            body_html="<p>" + BODY + "</p>",
            published_at=published,
            state=fields.pop("state", StageState.DONE),
            **fields,
        )
        if article.story_id is None and article.state == StageState.DONE:
            article.story = Story.objects.create(
                title=article.title, representative=article,
                first_published_at=published, last_published_at=published,
                article_count=1, source_count=1,
            )
            article.save(update_fields=["story"])
        return article

    return make


@pytest.fixture
def section() -> Section:
    return Section.objects.create(slug="health", name="صحة")


def _login(role: str, name: str) -> tuple[User, Client]:
    user, _ = create_account(NewAccount(name, role, password=PASSWORD))
    client = Client()
    assert client.login(username=name, password=PASSWORD)
    return user, client


@pytest.fixture
def editor_client() -> Client:
    return _login("editor", "muharrir")[1]


@pytest.fixture
def admin_client_role() -> Client:
    return _login("admin", "mudir")[1]
