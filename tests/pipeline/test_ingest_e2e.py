"""End to end: the real ``naql ingest --once`` against the real local newsroom."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from naql.demo.newsroom import Newsroom, load_sample
from tests.conftest import run_naql

WRAPPER_PHRASES = (
    "ننقل لكم في موقع",
    "نتمنى لكم الفائدة",
    "ونشكر المصدر الأصلي",
    "اشترك للحصول على أحدث التدوينات",
    "اكتشاف المزيد من موقع",
)


@pytest.fixture(scope="module")
def room() -> Iterator[Any]:
    with Newsroom(articles=load_sample(), host="127.0.0.1") as newsroom:
        yield newsroom


def _words(text: str) -> list[str]:
    return text.split()


def _body_recall(expected: str, got: str) -> float:
    exp = _words(expected)
    have = set(_words(got))
    return sum(w in have for w in exp) / max(1, len(exp))


@pytest.mark.postgres
@pytest.mark.slow
def test_ingest_once_stores_every_original_article_once(room: Any, naql_env: dict[str, str]) -> None:
    for outlet in room.outlets:
        run_naql(naql_env, "sources", "add", outlet.feed_url or outlet.homepage,
                 "--name", outlet.name, "--policy", "full")
    first = json.loads(run_naql(naql_env, "ingest", "--once", "--json").stdout)
    assert first["articles"] > 0

    stored = json.loads(run_naql(naql_env, "articles", "--json").stdout)
    by_url = {}
    for a in stored:
        assert a["url"] not in by_url, f"stored twice: {a['url']}"
        by_url[a["url"]] = a
    originals = [p for p in room.pages if not p.is_copy]
    missing = [p.url for p in originals if p.url not in by_url]
    assert not missing, f"{len(missing)} original articles were not stored, e.g. {missing[:3]}"
    slugs = {o.name: o for o in room.outlets}
    sources = json.loads(run_naql(naql_env, "sources", "list", "--json").stdout)
    slug_of = {s["name"]: s["slug"] for s in sources}
    for page in originals:
        got = by_url[page.url]
        # Whitespace is folded on extraction (the corpus has stray double spaces).
        assert got["title"].split() == page.article.title.split(), page.url
        outlet_name = next(o.name for o in room.outlets if o.slug == page.outlet)
        assert got["source"] == slug_of[outlet_name]
    assert slugs  # every outlet was added as a source

    # Bodies: compare a sample of stored texts through the search-free article export.
    export = json.loads(run_naql(naql_env, "articles", "--json", "--with-body").stdout)
    bodies = {a["url"]: a["body"] for a in export}
    for page in room.pages:
        body = bodies.get(page.url)
        if body is None:
            continue
        for phrase in WRAPPER_PHRASES:
            assert phrase not in body, (page.url, phrase)
        if not page.is_copy:
            # The corpus keeps the outlets' inline "اقرأ أيضا: …" links, which extraction
            # strips on purpose; the rest of the body must be there.
            gold = "\n\n".join(
                p for p in page.article.paragraphs if not p.startswith(("اقرأ أيضا", "اقرأ أيضاً"))
            )
            assert _body_recall(gold, body) > 0.95, page.url

    second = json.loads(run_naql(naql_env, "ingest", "--once", "--json").stdout)
    assert second == {"entries": 0, "articles": 0, "published": 0}
    again = json.loads(run_naql(naql_env, "articles", "--json").stdout)
    assert len(again) == len(stored)
