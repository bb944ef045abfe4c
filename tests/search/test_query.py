"""Query parsing and compilation: pure, no database."""

from __future__ import annotations

import datetime as dt
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from naql.search.compile import to_fts5, to_tsquery, to_tsquery_any
from naql.search.query import MAX_TERMS, Filters, Notice, Term, parse_query


def test_words_phrases_exclusions_or() -> None:
    q = parse_query('النفط OR الذهب "مجلس الأمن" -روسيا')
    assert q.required == (
        (Term(("نفط",)), Term(("ذهب",))),
        (Term(("مجلس", "امن"), phrase=True),),
    )
    assert q.excluded == (Term(("روسيا",)),)
    assert to_fts5(q) == '(("نفط" OR "ذهب") AND "مجلس امن") NOT ("روسيا")'
    assert to_tsquery(q) == "(نفط | ذهب) & (مجلس <-> امن) & !روسيا"
    # The first ranking pass credits any required word, and never an excluded one.
    assert to_tsquery_any(q) == "نفط | ذهب | مجلس | امن"


def test_proclitic_variants_are_alternatives() -> None:
    q = parse_query("لبريطانيا")
    assert q.required == ((Term(("لبريطانيا", "بريطانيا")),),)
    assert to_fts5(q) == '("لبريطانيا" OR "بريطانيا")'


def test_filters() -> None:
    q = parse_query("انتخابات source:okaz section:politics from:2015-08-01 to:2015-08-31")
    assert q.filters == Filters("okaz", "politics", dt.date(2015, 8, 1), dt.date(2015, 8, 31))
    assert parse_query("from:yesterday حرب").filters.date_from is None


def test_mixed_word_becomes_phrase_and_stop_words_drop() -> None:
    q = parse_query("في قمة-G7")
    assert q.required == ((Term(("قم", "g7"), phrase=True),),)
    assert parse_query("في من").notice is Notice.STOP_WORDS_ONLY
    assert parse_query('"في من"').required  # a quoted phrase keeps its stop words


def test_long_queries_are_cut() -> None:
    q = parse_query(" ".join(f"كلمه{i}" for i in range(5000)))
    assert q.truncated
    assert len(q.required) == MAX_TERMS


@given(st.text(max_size=200))
def test_any_text_parses_to_valid_syntax(text: str) -> None:
    q = parse_query(text)
    fts, ts = to_fts5(q), to_tsquery(q)
    assert bool(fts) == bool(ts) == bool(to_tsquery_any(q)) == bool(q.required)
    if fts:  # FTS5 accepts every expression we generate
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='ascii')")
        db.execute("INSERT INTO t VALUES ('قم g7 نفط', 'مجلس امن')")
        db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts,)).fetchone()
