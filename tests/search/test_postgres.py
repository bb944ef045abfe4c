"""PostgreSQL-specific: every tsquery we compile is accepted by to_tsquery('simple', …), and
for Arabic and Latin text PostgreSQL's parser keeps every term we give it (characters of
rarer scripts may be dropped by its parser on both the document and the query side)."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naql.search.compile import to_tsquery
from naql.search.query import parse_query
from tests.conftest import postgres_pass_only

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
    ts = to_tsquery(parse_query(text))
    if ts:
        assert numnode(ts) >= 0  # raises on a syntax error


@SETTINGS
@given(ARABIC_LATIN)
def test_arabic_and_latin_terms_survive_the_parser(text: str) -> None:
    ts = to_tsquery(parse_query(text))
    if ts:
        assert numnode(ts) >= 1
