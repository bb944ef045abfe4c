"""Arabic dates: relative times with dual and plural forms, Hijri dates, digit choice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template

from naql.site.dates import DateStyle, counted, hijri_date, long_date, relative
from naql.site.models import SiteSettings

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
ARABIC = DateStyle(hijri=False, arabic_digits=True)
WESTERN = DateStyle(hijri=False, arabic_digits=False)


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (dt.timedelta(seconds=20), "الآن"),
        (dt.timedelta(minutes=1), "منذ دقيقة"),
        (dt.timedelta(minutes=2), "منذ دقيقتين"),
        (dt.timedelta(minutes=5), "منذ ٥ دقائق"),
        (dt.timedelta(minutes=11), "منذ ١١ دقيقة"),
        (dt.timedelta(hours=2), "منذ ساعتين"),
        (dt.timedelta(hours=3), "منذ ٣ ساعات"),
        (dt.timedelta(hours=23), "منذ ٢٣ ساعة"),
        (dt.timedelta(days=1), "منذ يوم"),
        (dt.timedelta(days=2), "منذ يومين"),
        (dt.timedelta(days=15), "منذ ١٥ يومًا"),
    ],
)
def test_relative_times(ago: dt.timedelta, text: str) -> None:
    assert relative(NOW - ago, ARABIC, now=NOW) == text


def test_old_dates_are_written_out() -> None:
    assert relative(NOW - dt.timedelta(days=400), WESTERN, now=NOW) == "23 أكتوبر 2025"


def test_hijri_date_and_digits() -> None:
    assert hijri_date(dt.date(2026, 11, 27)) == "17 جمادى الآخرة 1448 هـ"
    style = DateStyle(hijri=True, arabic_digits=True)
    assert long_date(NOW, style) == "٢٧ نوفمبر ٢٠٢٦ (١٧ جمادى الآخرة ١٤٤٨ هـ)، ١٥:٠٠"  # Riyadh
    assert long_date(NOW, WESTERN) == "27 نوفمبر 2026، 15:00"


@pytest.mark.django_db
def test_site_settings_drive_the_template_filters() -> None:
    template = Template("{% load arabic %}{{ when|long_date }}")
    SiteSettings.objects.create(hijri_dates=True, arabic_digits=False)
    assert (
        template.render(Context({"when": NOW})) == "27 نوفمبر 2026 (17 جمادى الآخرة 1448 هـ)، 15:00"
    )
    row = SiteSettings.objects.get()
    row.hijri_dates, row.arabic_digits = False, True
    row.save()  # bumps the content version: the next render reads the new settings
    assert template.render(Context({"when": NOW})) == "٢٧ نوفمبر ٢٠٢٦، ١٥:٠٠"


@pytest.mark.django_db
def test_environment_settings_are_the_defaults(settings: Any) -> None:
    settings.NAQL_HIJRI_DATES = True
    settings.NAQL_ARABIC_DIGITS = False
    template = Template("{% load arabic %}{{ when|long_date }}")
    assert template.render(Context({"when": NOW})).startswith("27 نوفمبر 2026 (17 جمادى")
    row = SiteSettings.objects.create()  # a new row starts from the environment's values
    assert (row.hijri_dates, row.arabic_digits) == (True, False)


def test_english_dates_and_counts() -> None:
    english = DateStyle(hijri=True, arabic_digits=False, english=True)
    assert long_date(NOW, english) == "27 November 2026 (17 Jumada al-Akhirah 1448 AH), 15:00"
    assert relative(NOW - dt.timedelta(hours=2), english, now=NOW) == "2 hours ago"
    assert relative(NOW - dt.timedelta(minutes=1), english, now=NOW) == "1 minute ago"
    assert counted(1, "outlets", english) == "1 outlet"
    arabic = DateStyle()
    assert [counted(n, "outlets", arabic) for n in (1, 2, 3, 11)] == [
        "مصدر واحد", "مصدران", "٣ مصادر", "١١ مصدرًا",
    ]  # fmt: skip
