"""PostgreSQL-specific: every tsquery we compile is accepted by to_tsquery('simple', …), and
for Arabic and Latin text PostgreSQL's parser keeps every term we give it (characters of
rarer scripts may be dropped by its parser on both the document and the query side); the
two ranking passes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naql.news.models import Article
from naql.search.compile import to_tsquery, to_tsquery_any
from naql.search.query import parse_query
from naql.search.service import search
from naql.sources.models import Source
from tests.conftest import postgres_pass_only

from .conftest import MakeArticle

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, postgres_pass_only]

ARABIC_LATIN = st.text(
    alphabet=st.sampled_from(list('ابتثجحخدرسشصطعغفقكلمنهويءآأإؤئىة abcXYZ0123456789٠١٩"-|:')),
    max_size=80,
)
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def numnode(ts: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(to_tsquery('simple', %s))", [ts])
        return int(cursor.fetchone()[0])


@SETTINGS
@given(st.text(max_size=120))
def test_compiled_tsquery_is_accepted(text: str) -> None:
    query = parse_query(text)
    ts, any_word = to_tsquery(query), to_tsquery_any(query)
    if ts:
        assert numnode(ts) >= 0  # raises on a syntax error
        assert numnode(any_word) >= 0


@SETTINGS
@given(ARABIC_LATIN)
def test_arabic_and_latin_terms_survive_the_parser(text: str) -> None:
    ts = to_tsquery(parse_query(text))
    if ts:
        assert numnode(ts) >= 1


def whole_text_order(query: str) -> list[int]:
    """Every match ranked in one pass by its whole text, as the backend did before it had two
    passes: what the two passes must reproduce when the first keeps every match."""
    from naql.search.backends import postgres

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.article_id FROM search_document d JOIN news_article a"  # noqa: S608 (constants)
            f" ON a.id = d.article_id, to_tsquery('simple', %s) q WHERE d.document @@ q"
            f" ORDER BY ts_rank_cd({postgres._WEIGHTS}, d.document, q, 1)"
            f" * {postgres._boost('a.published_at')} DESC, a.published_at DESC",
            [to_tsquery(parse_query(query)), timezone.now()],
        )
        return [int(r[0]) for r in cursor.fetchall()]


LEAD = " ".join(f"تمهيد{i}" for i in range(80))  # pushes later words out of the head


def test_two_passes_rank_as_one_when_the_first_keeps_every_match(
    make_article: MakeArticle,
) -> None:
    made = [
        make_article("السودان والنفط", "تقرير", days_ago=3),
        make_article("النفط", f"{LEAD} السودان السودان السودان", days_ago=0.5),
        make_article("خبر", f"{LEAD} النفط في السودان النفط", days_ago=1),
        make_article("السودان", "اسعار النفط في السودان", days_ago=40),
        make_article("اقتصاد", f"السودان {LEAD} النفط", days_ago=2),
    ]
    expected = whole_text_order("السودان النفط")
    assert sorted(expected) == sorted(a.pk for a in made)
    page = search("السودان النفط", limit=10)
    assert [h.article_id for h in page.hits] == expected
    assert page.total == len(made)


def test_a_short_first_pass_still_counts_and_pages_every_match(
    make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from naql.search.backends import postgres

    monkeypatch.setattr(postgres, "FIRST_PASS", 2)
    deep = [make_article(f"خبر {i}", f"{LEAD} مفاوضات جنيف") for i in range(5)]
    # Only one of the two words in the head: credited by the first pass's OR query.
    partial = make_article("مفاوضات متعثرة", f"{LEAD} في جنيف", days_ago=30)
    titled = make_article("مفاوضات جنيف", "بدأت اليوم", days_ago=30)
    first = search("مفاوضات جنيف", limit=2)
    assert first.total == 7
    assert [h.article_id for h in first.hits] == [titled.pk, partial.pk]
    # Past the first pass, matches keep their first-pass order: pages never overlap, and
    # every match is reachable.
    whole = [h.article_id for h in search("مفاوضات جنيف", limit=7).hits]
    pages = [search("مفاوضات جنيف", limit=2, offset=o) for o in range(0, 7, 2)]
    paged = [h.article_id for page in pages for h in page.hits]
    assert paged == whole
    assert sorted(whole) == sorted(a.pk for a in [*deep, partial, titled])
    newest = search("مفاوضات جنيف", limit=7, sort="date")
    assert [h.article_id for h in newest.hits][-2:] == [titled.pk, partial.pk]  # 30 days old


def test_rows_indexed_before_heads_existed_are_ranked_by_their_whole_text(
    make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0004 leaves old rows without a head until ``naql search reindex``: the first
    pass ranks them by their whole text, not ahead of everything (NULL sorts first)."""
    from naql.search.backends import postgres

    monkeypatch.setattr(postgres, "FIRST_PASS", 1)
    old = make_article("خبر", f"{LEAD} مفاوضات جنيف", days_ago=1)
    titled = make_article("مفاوضات جنيف", "بدأت", days_ago=3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_document SET head = NULL WHERE article_id = %s", [old.pk])
    assert [h.article_id for h in search("مفاوضات جنيف").hits] == [titled.pk, old.pk]


def head_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT head::text FROM search_document WHERE article_id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_the_head_is_the_title_and_lead_and_follows_edits(make_article: MakeArticle) -> None:
    from naql.search.indexing import index_article

    article = make_article("قمة الرياض", f"افتتاح {LEAD} ختام")
    head = head_of(article.pk)
    assert "'رياض':2A" in head
    assert "'افتتاح':3" in head
    assert "ختام" not in head  # past the lead
    article.title = "قمة جدة"
    index_article(article)
    assert "'جد':2A" in head_of(article.pk)
    assert "رياض" not in head_of(article.pk)


def trigger_vs_generated(title: str, body: str) -> list[tuple[str, int, int]]:
    """Lexemes whose positions in the trigger's ``head || rest`` differ from migration 0002's
    generated expression, with the number of positions in each."""
    from naql.search.indexing import index_article

    article = Article.objects.create(
        source=Source.objects.get_or_create(slug="t", defaults={"name": "t"})[0],
        url=f"https://t.example/{Article.objects.count()}",
        title=title,
        body_text=body,
        body_html="",
        published_at=timezone.now(),
    )
    index_article(article)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(x.lexeme, y.lexeme), array_length(x.positions, 1),"
            " array_length(y.positions, 1) FROM search_document d"
            " CROSS JOIN LATERAL unnest(d.document) x FULL JOIN unnest("
            "(SELECT setweight(to_tsvector('simple', title_tokens), 'A')"
            " || to_tsvector('simple', body_tokens) FROM search_document WHERE article_id = %s)"
            ") y ON x.lexeme = y.lexeme WHERE d.article_id = %s AND (x.lexeme IS NULL"
            " OR y.lexeme IS NULL OR x.positions[1:array_length(y.positions, 1)] <> y.positions"
            " OR x.weights[1:array_length(y.weights, 1)] <> y.weights"
            " OR array_length(x.positions, 1) <> array_length(y.positions, 1))",
            [article.pk, article.pk],
        )
        return [(str(w), int(a or 0), int(b or 0)) for w, a, b in cursor.fetchall()]


@SETTINGS
@given(ARABIC_LATIN, st.lists(ARABIC_LATIN, max_size=12).map(" ".join))
def test_the_trigger_builds_the_document_migration_0002_generated(title: str, body: str) -> None:
    assert trigger_vs_generated(title, body) == []


@pytest.mark.parametrize("words", [50, 400, 20_000])
def test_the_trigger_builds_long_documents_alike(words: int) -> None:
    """Across the lead's edge, past 255 positions a word and past 16,383 positions: the same
    positions, except that a word found more than 255 times keeps one more (``||`` caps a
    word at 256 positions, ``to_tsvector`` at 255)."""
    body = " ".join(f"كلمة{i % 7} الخرطوم" for i in range(words // 2))
    differ = trigger_vs_generated("حرب السودان " * 30, body)
    assert all((mine, generated) == (256, 255) for _, mine, generated in differ)
    assert bool(differ) == (words > 2 * 255)
