"""Dates as an Arabic reader expects them: Arabic month names, optional Hijri date, optional
Arabic-Indic digits, and "how long ago" with the Arabic dual and plural forms; and the same in
English for the English pages.

Why a module of our own rather than Django's ``date`` filter: the filter knows neither the
Hijri calendar nor the digit choice, and its relative times ("منذ 2 ساعات") get the dual wrong.
The site settings and the active language are read once per call through
``DateStyle.from_settings`` so tests can pass a style of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone, translation
from hijridate import Gregorian

_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
GREGORIAN_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ENGLISH_HIJRI_MONTHS = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How dates are written: Hijri alongside the Gregorian date, and which digits."""

    hijri: bool = False
    arabic_digits: bool = True
    english: bool = False

    @classmethod
    def from_settings(cls) -> DateStyle:
        """The site settings' Hijri and digit choices (``NAQL_HIJRI_DATES``, default off, and
        ``NAQL_ARABIC_DIGITS``, default on, until the operator sets them in the admin); English
        pages get English month names and Western digits."""
        from naql.site.preferences import current

        prefs = current()
        english = (translation.get_language() or "ar").startswith("en")
        return cls(
            hijri=prefs.hijri_dates, arabic_digits=prefs.arabic_digits and not english,
            english=english,
        )  # fmt: skip


def to_arabic_digits(value: object) -> str:
    """Write the digits of ``value`` as Arabic-Indic digits (٠١٢…)."""
    return str(value).translate(_DIGITS)


def digits(value: object, style: DateStyle) -> str:
    """``value`` with the digits the site is configured to use."""
    return to_arabic_digits(value) if style.arabic_digits else str(value)


def hijri_date(day: dt.date, *, english: bool = False) -> str:
    """ "١٤ جمادى الأولى ١٤٤٨ هـ" style text (Western digits; callers convert)."""
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):  # outside the Umm al-Qura table (before 1343 AH)
        return ""
    if english:
        return f"{h.day} {ENGLISH_HIJRI_MONTHS[h.month - 1]} {h.year} AH"
    return f"{h.day} {HIJRI_MONTHS[h.month - 1]} {h.year} هـ"


def long_date(value: dt.datetime, style: DateStyle, *, with_time: bool = True) -> str:
    """ "٢٧ نوفمبر ٢٠٢٦، ١٤:٠٥" in the site's time zone, with the Hijri date when enabled."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    months = ENGLISH_MONTHS if style.english else GREGORIAN_MONTHS
    text = f"{local.day} {months[local.month - 1]} {local.year}"
    if style.hijri and (hijri := hijri_date(local.date(), english=style.english)):
        text += f" ({hijri})"
    if with_time:
        text += f"{', ' if style.english else '، '}{local:%H:%M}"
    return digits(text, style)


def _count(n: int, forms: tuple[str, str, str, str], style: DateStyle) -> str:
    """Arabic counted noun: 1 and 2 take the singular and dual alone; 3–10 the plural; 11+ the
    singular accusative form."""
    one, two, few, many = forms
    if n == 1:
        return one
    if n == 2:
        return two
    return f"{digits(n, style)} {few if 3 <= n % 100 <= 10 else many}"


_NOUNS = {
    "outlets": (("مصدر", "مصدران", "مصادر", "مصدرًا"), ("outlet", "outlets")),
    "articles": (("مقال", "مقالان", "مقالات", "مقالًا"), ("article", "articles")),
    "results": (("نتيجة", "نتيجتان", "نتائج", "نتيجة"), ("result", "results")),
}


def counted(n: int, noun: str, style: DateStyle) -> str:
    """ "مصدر واحد", "مصدران", "٣ مصادر", "١٢ مصدرًا"; "1 outlet", "3 outlets" in English."""
    arabic, english = _NOUNS[noun]
    if style.english:
        return f"{n} {english[0] if n == 1 else english[1]}"
    if n == 1:
        return arabic[0] + (" واحدة" if arabic[0].endswith("ة") else " واحد")
    return _count(n, arabic, style)


_MINUTES = ("دقيقة", "دقيقتين", "دقائق", "دقيقة")
_HOURS = ("ساعة", "ساعتين", "ساعات", "ساعة")
_DAYS = ("يوم", "يومين", "أيام", "يومًا")


def _english_ago(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'} ago"


def relative(value: dt.datetime, style: DateStyle, now: dt.datetime | None = None) -> str:
    """ "منذ ساعتين", "منذ ٥ دقائق"; after a month, the date itself."""
    seconds = int(((now or timezone.now()) - value).total_seconds())
    if style.english:
        return _relative_english(value, seconds, style)
    if seconds < 60:
        return "الآن"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 60:
        return "منذ " + _count(minutes, _MINUTES, style)
    if hours < 24:
        return "منذ " + _count(hours, _HOURS, style)
    if days < 30:
        return "منذ " + _count(days, _DAYS, style)
    return long_date(value, style, with_time=False)


def _relative_english(value: dt.datetime, seconds: int, style: DateStyle) -> str:
    if seconds < 60:
        return "just now"
    if seconds >= 30 * 86400:
        return long_date(value, style, with_time=False)
    size, unit = next(
        u for u in ((86400, "day"), (3600, "hour"), (60, "minute")) if seconds >= u[0]
    )
    return _english_ago(seconds // size, unit)
