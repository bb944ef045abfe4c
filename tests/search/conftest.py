"""Articles for search tests: real rows in the test database, indexed by the real code."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from naql.news.models import Article
from naql.search.indexing import index_article
from naql.sources.models import Section, Source

MakeArticle = Callable[..., Article]


@pytest.fixture
def make_article(db: None) -> MakeArticle:
    """Create and index an article; keyword arguments override the defaults."""
    counter = itertools.count(1)
    sources: dict[str, Source] = {}
    sections: dict[str, Section] = {}

    def make(
        title: str,
        body: str = "",
        *,
        source: str = "sabq",
        section: str | None = None,
        days_ago: float = 1.0,
        index: bool = True,
        **fields: object,
    ) -> Article:
        if source not in sources:
            sources[source] = Source.objects.create(
                slug=source, name=f"مصدر {source}", homepage=f"https://{source}.example/"
            )
        if section and section not in sections:
            sections[section] = Section.objects.create(slug=section, name=section)
        n = next(counter)
        article = Article.objects.create(
            source=sources[source],
            section=sections.get(section) if section else None,
            url=f"https://{source}.example/a/{n}",
            title=title,
            body_text=body,
            body_html="",
            published_at=timezone.now() - dt.timedelta(days=days_ago),
            **fields,
        )
        if index:
            index_article(article)
        return article

    return make
