"""PostgreSQL-specific: every tsquery we compile is accepted by to_tsquery('simple', …)."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naql.search.compile import to_tsquery
from naql.search.query import parse_query
from tests.conftest import require

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=120))
def test_compiled_tsquery_is_valid(text: str) -> None:
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    ts = to_tsquery(parse_query(text))
    if ts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT numnode(to_tsquery('simple', %s))", [ts])
            assert cursor.fetchone()[0] >= 1
