"""``/healthz`` and ``/metrics``: public, JSON and Prometheus text, numbers from the database."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from naql.news.models import Article, Entry, StageState
from naql.sources.models import Source

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_due_work_per_stage(
    client: Client, make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    source = make_source("alpha")  # its endpoint is due now
    paused = make_source("beta", enabled=False)  # a paused source's work is not due
    past = timezone.now() - timedelta(minutes=10)
    for i in range(3):
        Entry.objects.create(
            source=source, url=f"https://alpha.example/e/{i}", next_attempt_at=past
        )
    Entry.objects.create(source=paused, url="https://beta.example/e/1", next_attempt_at=past)
    Entry.objects.create(source=source, url="https://alpha.example/later",
                         next_attempt_at=timezone.now() + timedelta(hours=1))
    Entry.objects.create(source=source, url="https://alpha.example/done", state=StageState.DONE)
    make_article(source, state=StageState.PENDING, next_attempt_at=past)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    doc = response.json()
    assert doc["ok"] is True
    assert doc["database"] == "ok"
    assert doc["queue"]["poll"]["due"] == 1
    assert doc["queue"]["extract"]["due"] == 3
    assert doc["queue"]["publish"]["due"] == 1
    assert doc["queue_depth"] == 5
    assert 590 <= doc["queue"]["extract"]["lag_seconds"] <= 700


def _samples(text: str) -> dict[str, float]:
    """Parse exposition lines into {'name{labels}': value}, checking every line's syntax."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) naql_\w+ .+", line), line
            continue
        m = re.fullmatch(r'(naql_\w+(?:\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\})?) (-?[\d.e+]+)',
                         line)
        assert m, line
        samples[m.group(1)] = float(m.group(2))
    return samples


def test_metrics_count_articles_entries_and_failing_sources(
    client: Client, make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    ok = make_source("alpha")
    broken = make_source("beta", consecutive_failures=4, last_error_kind="FetchTimeout",
                         last_error="timed out after 30 s")
    for _ in range(3):
        make_article(ok)
    make_article(broken, state=StageState.PENDING)
    make_article(ok, hidden=True)
    Entry.objects.create(source=ok, url="https://alpha.example/r", state=StageState.REJECTED,
                         reject_reason="too_short")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    s = _samples(response.content.decode())
    assert s["naql_database_up"] == 1
    assert s['naql_articles{state="done"}'] == 4
    assert s['naql_articles{state="pending"}'] == 1
    assert s["naql_articles_hidden"] == 1
    assert s['naql_entries{state="rejected"}'] == 1
    assert s['naql_entries_rejected{reason="too_short"}'] == 1
    assert s['naql_sources{status="failing"}'] == 1
    assert s['naql_sources{status="ok"}'] == 1
    assert s['naql_source_consecutive_failures{source="beta",kind="FetchTimeout"}'] == 4
    assert s['naql_queue_due{stage="publish"}'] == 1
    assert s["naql_stories"] == 4


def test_probes_need_no_login_but_refuse_writes(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert client.post("/metrics").status_code == 405
