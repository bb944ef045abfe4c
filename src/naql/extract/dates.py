"""Date strings → timezone-aware datetimes, for the formats Arabic news pages use.

Why our own parser: machine dates (ISO 8601, RFC 2822) are easy, but the visible dates on Arabic
pages name months three ways — Egyptian/Gulf (يناير), Levantine (كانون الثاني) and Maghrebi
(جانفي, Moroccan يوليوز) — with Arabic-Indic digits and ص/م for am/pm. dateutil knows none of it.
A date without a zone gets the caller's default zone, so every value we return is aware.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from naql.extract.textnorm import fold_arabic, fold_space

# Keys are folded with ``fold_arabic`` (أ→ا, ة→ه, ى→ي), so one spelling covers its variants.
_MONTHS: dict[str, int] = {
    # Egyptian / Gulf (transliterated)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi (Syriac names)
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # Maghrebi (Tunisia, Algeria: French-derived) and Moroccan
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "جويلييه": 7,
    "اوت": 8, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # English, for the pages that mix
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME = r"(?:\D{0,12}?(\d{1,2}):(\d{2})(?::\d{2})?\s*(صباحا|مساء|ص|م|am|pm|a\.m\.|p\.m\.)?)?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({_MONTH_ALT})(?:\s*\(\s*[^)]{{2,20}}\)|\s*[/-]\s*(?:{_MONTH_ALT}))?[\s,،/-]*((?:19|20)\d\d)(?!\d){_TIME}",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?!\d){_TIME}",
    re.IGNORECASE,
)
_YMD = re.compile(rf"(?<!\d)((?:19|20)\d\d)[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d){_TIME}")
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})[-/.](\d{{1,2}})[-/.]((?:19|20)\d\d)(?!\d){_TIME}")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)|[/-]((?:19|20)\d\d)(\d\d)(\d\d)[/-]")
_PM = frozenset({"م", "مساء", "pm", "p.m."})
_AM = frozenset({"ص", "صباحا", "am", "a.m."})


def _valid(year: int, month: int, day: int) -> bool:
    return 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31


def _build(parts: tuple[int, int, int], clock: tuple[str | None, str | None, str | None], tz: tzinfo) -> datetime | None:
    year, month, day = parts
    if not _valid(year, month, day):
        return None
    hour = minute = 0
    if clock[0] is not None and clock[1] is not None:
        hour, minute = int(clock[0]), int(clock[1])
        mark = (clock[2] or "").lower()
        if mark in _PM and hour < 12:
            hour += 12
        elif mark in _AM and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            hour = minute = 0
    try:
        return datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        return None


def parse_machine_date(value: str, tz: tzinfo = UTC) -> datetime | None:
    """ISO 8601 or RFC 2822, as found in JSON-LD, meta tags and ``<time datetime>``."""
    value = fold_space(value)
    if not value or len(value) > 64:
        return None
    iso = value.replace("Z", "+00:00").replace(" ", "T", 1) if value[:4].isdigit() else ""
    if iso:
        # Offsets written without a colon (+0300) are ISO too, but Python 3.11 wants +03:00.
        iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)
        try:
            dt = datetime.fromisoformat(iso)
        except ValueError:
            dt = None
        if dt is not None:
            if not _valid(dt.year, dt.month, dt.day):
                return None
            return dt if dt.tzinfo else dt.replace(tzinfo=tz)
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return parse_text_date(value, tz)
    if not _valid(dt.year, dt.month, dt.day):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=tz)


def parse_text_date(text: str, tz: tzinfo = UTC) -> datetime | None:
    """The first human-written date in ``text``: Arabic, Levantine, Maghrebi or English month
    names, or numeric d/m/y and y-m-d, with an optional time and ص/م."""
    folded = fold_arabic(text[:2000]).lower()
    best: tuple[int, datetime] | None = None
    for rx, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_YMD, "ymd"), (_DMY, "dmy#")):
        m = rx.search(folded)
        if not m:
            continue
        g = m.groups()
        if order == "dmy":
            parts = (int(g[2]), _MONTHS[g[1].lower()], int(g[0]))
        elif order == "mdy":
            parts = (int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
        elif order == "ymd":
            parts = (int(g[0]), int(g[1]), int(g[2]))
        else:
            parts = (int(g[2]), int(g[1]), int(g[0]))
        dt = _build(parts, (g[3], g[4], g[5]), tz)
        if dt is not None and (best is None or m.start() < best[0]):
            best = (m.start(), dt)
    return best[1] if best else None


def date_from_url(url: str | None, tz: tzinfo = UTC) -> datetime | None:
    """``/2020/8/24/`` or ``-20200824-`` in a URL: a date, never a time, so midnight local."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    g = [x for x in m.groups() if x is not None]
    return _build((int(g[0]), int(g[1]), int(g[2])), (None, None, None), tz)


def fixed_zone(hours: float) -> tzinfo:
    """A fixed UTC offset, for callers that know a site's zone (e.g. +03:00 for Riyadh)."""
    return timezone(timedelta(hours=hours))
