"""Schemathesis generates requests from the served OpenAPI schema and checks that none gives a
server error and every response matches the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from naql.wsgi import application
from tests.site.newsroom import Newsroom

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def _one_connection() -> Iterator[None]:
    """Calling the WSGI app directly fires ``request_finished``, whose handler would close the
    test's database connection mid-transaction (PostgreSQL); Django's test client unhooks it
    for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_one_connection")
@schema.parametrize()
@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
def test_api_never_fails(case: schemathesis.Case, newsroom: Newsroom) -> None:
    # the in-process WSGI transport asks for gzip but does not unpack it
    response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, (case.path, case.query, response.text[:500])
    case.validate_response(response, checks=[response_schema_conformance, status_code_conformance])
