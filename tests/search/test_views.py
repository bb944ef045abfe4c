"""The search page renders results, escapes, pages and explains empty answers."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from naql.search.views import search_view

from .conftest import MakeArticle

pytestmark = pytest.mark.django_db


def get(query: str, **params: str) -> str:
    request = RequestFactory().get("/search/", {"q": query, **params})
    response = search_view(request)
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_highlighted_hits_right_to_left(make_article: MakeArticle) -> None:
    make_article("أمطار غزيرة في جدة", "هطلت <script>x</script> الأمطار على جدة")
    html = get("امطار جده")
    assert 'dir="rtl"' in html
    assert "<mark>جدة</mark>" in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_stop_word_query_explains_itself(make_article: MakeArticle) -> None:
    make_article("خبر", "")
    assert "أضف كلمة أدق" in get("في من")


def test_paging_links(make_article: MakeArticle) -> None:
    for i in range(23):
        make_article(f"مهرجان {i}")
    first, second = get("مهرجان"), get("مهرجان", page="2")
    assert "page=2" in first
    assert first.count('class="hit"') == 20
    assert second.count('class="hit"') == 3
    assert "page=1" in second
    assert get("مهرجان", page="zzz").count('class="hit"') == 20
