"""Arabic, Levantine and Maghrebi date text, Arabic-Indic digits, machine formats and URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naql.extract.dates import date_from_url, fixed_zone, parse_machine_date, parse_text_date

RIYADH = fixed_zone(3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأحد ٢٤ أغسطس ٢٠٢٠ - ١٠:٣٠ م", datetime(2020, 8, 24, 22, 30)),
        ("نشر في 25 فيفري 2017 على الساعة 13:41", datetime(2017, 2, 25, 13, 41)),
        ("3 كانون الثاني 2019", datetime(2019, 1, 3)),
        ("12 تشرين الأول 2021", datetime(2021, 10, 12)),
        ("15 أيار (مايو) 2018", datetime(2018, 5, 15)),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", datetime(2020, 4, 24, 21, 22)),
        ("1 جويلية 2016", datetime(2016, 7, 1)),
        ("9 أوت 2017 10:05 صباحاً", datetime(2017, 8, 9, 10, 5)),
        ("5 يوليوز 2019", datetime(2019, 7, 5)),
        ("٠٣/٠٦/٢٠٢٠", datetime(2020, 6, 3)),
        ("2020/06/03", datetime(2020, 6, 3)),
        ("June 3, 2020 5:10 pm", datetime(2020, 6, 3, 17, 10)),
    ],
)
def test_text_dates(text: str, expected: datetime) -> None:
    assert parse_text_date(text, RIYADH) == expected.replace(tzinfo=RIYADH)


def test_hijri_and_nonsense_are_not_dates() -> None:
    assert parse_text_date("12 رمضان 1441 هـ") is None
    assert parse_text_date("32 مارس 2020") is None
    assert parse_text_date("لا تاريخ هنا") is None


def test_machine_dates_keep_their_offset_and_naive_ones_get_the_default_zone() -> None:
    assert parse_machine_date("2017-02-25T13:41:00+0100") == datetime(2017, 2, 25, 13, 41, tzinfo=timezone(timedelta(hours=1)))
    assert parse_machine_date("Mon, 24 Aug 2020 10:00:00 GMT") == datetime(2020, 8, 24, 10, tzinfo=UTC)
    assert parse_machine_date("2020-08-24 10:00:00", RIYADH) == datetime(2020, 8, 24, 10, tzinfo=RIYADH)
    assert parse_machine_date("0000-00-00") is None


def test_url_dates() -> None:
    assert date_from_url("https://www.youm7.com/story/2020/8/24/x/4943459") == datetime(2020, 8, 24, tzinfo=UTC)
    assert date_from_url("https://albayan.ae/news/2020-06-03-1.3874341") == datetime(2020, 6, 3, tzinfo=UTC)
    assert date_from_url("https://example.com/news/12345") is None


@given(st.text(max_size=300))
def test_parsers_never_raise_and_always_give_aware_datetimes(text: str) -> None:
    for value in (parse_text_date(text), parse_machine_date(text), date_from_url(text)):
        assert value is None or value.tzinfo is not None
