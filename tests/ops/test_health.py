"""Source health: broken sources first, articles per day, the SVG chart, the dashboard page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naql.news.models import Article
from naql.ops.chart import daily_bars
from naql.ops.health import Status, source_health
from naql.sources.models import Source

pytestmark = pytest.mark.django_db


def test_broken_sources_come_first_and_days_are_counted(
    make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    now = timezone.now()
    make_source("a-ok", name="أ", last_success_at=now)
    make_source("b-degraded", name="ب", consecutive_failures=1, last_success_at=now)
    make_source("c-failing", name="ج", consecutive_failures=5, last_error_kind="RateLimited")
    make_source("d-paused", name="د", enabled=False)
    silent = make_source("e-silent", name="هـ", last_success_at=now)
    busy = Source.objects.get(slug="a-ok")
    for days_ago, n in ((0, 3), (2, 1), (29, 2), (31, 5)):
        for _ in range(n):
            make_article(busy, fetched_at=now - timedelta(days=days_ago))
    make_article(silent, fetched_at=now - timedelta(days=20))
    report = source_health(now)
    assert [h.slug for h in report] == ["c-failing", "b-degraded", "e-silent", "d-paused", "a-ok"]
    by = {h.slug: h for h in report}
    assert by["c-failing"].status == Status.FAILING
    assert by["e-silent"].status == Status.SILENT
    assert len(by["a-ok"].daily) == 30
    assert by["a-ok"].daily[-1] == 3
    assert by["a-ok"].daily[-3] == 1
    assert by["a-ok"].daily[0] == 2
    assert by["a-ok"].articles_30d == 6  # the five from 31 days ago are outside the window
    assert by["d-paused"].next_poll_at is None
    assert by["a-ok"].next_poll_at is not None


def test_the_chart_has_one_bar_per_day_scaled_to_the_busiest() -> None:
    from datetime import date

    days = [date(2026, 1, d) for d in range(1, 6)]
    svg = str(daily_bars([0, 2, 4, 1, 0], days, 'مقالات <"يومية">'))
    assert svg.startswith("<svg")
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="bar', svg)]
    assert len(heights) == 5
    assert heights[2] == 32.0
    assert heights[1] == 16.0
    assert "<title>2026-01-03: 4</title>" in svg
    assert '<"' not in svg  # the label is escaped


def test_the_dashboard_shows_errors_rejections_and_charts(
    admin_client_role: Client, make_source: Callable[..., Source]
) -> None:
    make_source("ok-news", name="أخبار سليمة", last_success_at=timezone.now())
    make_source(
        "bad-news", name="أخبار معطلة", consecutive_failures=3, last_error_kind="FetchTimeout",
        last_error="<script>x</script> timed out", rejected_counts={"too_short": 7, "paywalled": 2},
    )
    page = admin_client_role.get(reverse("ops-dashboard")).content.decode()
    assert page.index("أخبار معطلة") < page.index("أخبار سليمة")
    assert "FetchTimeout" in page
    assert "too_short</span>: 7" in page
    assert "<script>x</script>" not in page  # the error text is escaped
    assert page.count('<svg class="daily"') == 2
    assert "اختبر الآن" in page


def test_the_dashboard_speaks_english_as_the_second_locale(
    admin_client_role: Client, make_source: Callable[..., Source], settings: Any
) -> None:
    from pathlib import Path

    import naql.ops

    # Installing naql.ops finds this catalog by itself; here it is named explicitly.
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, Path(naql.ops.__file__).parent / "locale"]
    make_source("bad-news", consecutive_failures=3)
    page = admin_client_role.get(
        reverse("ops-dashboard"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'lang="en"' in page
    assert "Source health" in page
    assert "failing" in page
    assert "failed 3 times in a row" in page
    assert "صحة المصادر" not in page
    arabic = admin_client_role.get(reverse("ops-dashboard"), HTTP_ACCEPT_LANGUAGE="ar")
    assert "صحة المصادر" in arabic.content.decode()


def test_the_mean_fetch_time_is_a_moving_average_written_with_the_success(
    make_source: Callable[..., Source],
) -> None:
    from naql.sources.fetching import EMA_WEIGHT, record_fetch_time, record_success

    now = timezone.now()
    source = make_source("timed", consecutive_failures=2)
    record_success(source.pk, now)  # no timing known: the mean stays unknown
    source.refresh_from_db()
    assert (source.mean_fetch_ms, source.consecutive_failures) == (None, 0)
    assert source.last_success_at == now
    record_success(source.pk, now, elapsed_ms=100.0)
    record_fetch_time(source.pk, 200.0)
    source.refresh_from_db()
    assert source.mean_fetch_ms == pytest.approx(100 * (1 - EMA_WEIGHT) + 200 * EMA_WEIGHT)
    other = make_source("untimed")
    (timed,) = [h for h in source_health(now) if h.slug == "timed"]
    assert timed.as_json()["mean_fetch_ms"] == 120
    untimed = next(h for h in source_health(now) if h.pk == other.pk)
    assert untimed.as_json()["mean_fetch_ms"] is None


def test_the_dashboard_and_the_source_form_show_the_mean_fetch_time(
    admin_client_role: Client, make_source: Callable[..., Source]
) -> None:
    source = make_source("timed", name="مصدر مؤقت", mean_fetch_ms=234.4)
    make_source("untimed", name="مصدر آخر")
    page = admin_client_role.get(reverse("ops-dashboard")).content.decode()
    cells = re.findall(r'<td class="fetch-time">(.*?)</td>', page)
    assert sorted(cells) == ["234 ملّي ثانية", "—"]
    form = admin_client_role.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert "234 ملّي ثانية" in form.content.decode()
    english = admin_client_role.get(reverse("ops-dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Mean fetch time" in english.content.decode()
    assert "234 ms" in english.content.decode()
