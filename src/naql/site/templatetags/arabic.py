"""Template filters for reading in Arabic: Arabic-Indic digits and relative times."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()

_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@register.filter
def arabic_digits(value: object) -> str:
    """Write the digits of ``value`` as Arabic-Indic digits (٠١٢…)."""
    return str(value).translate(_DIGITS)


def _plural(n: int, one: str, two: str, few: str, many: str) -> str:
    if n == 1:
        return one
    if n == 2:
        return two
    if 3 <= n % 100 <= 10:
        return f"{arabic_digits(n)} {few}"
    return f"{arabic_digits(n)} {many}"


@register.filter
def since(value: datetime | None) -> str:
    """"منذ ساعتين", "منذ ٥ دقائق": how long ago, with Arabic dual and plural forms."""
    if value is None:
        return ""
    seconds = int((timezone.now() - value).total_seconds())
    if seconds < 60:
        return "الآن"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 60:
        return "منذ " + _plural(minutes, "دقيقة", "دقيقتين", "دقائق", "دقيقة")
    if hours < 24:
        return "منذ " + _plural(hours, "ساعة", "ساعتين", "ساعات", "ساعة")
    if days < 30:
        return "منذ " + _plural(days, "يوم", "يومين", "أيام", "يومًا")
    return arabic_digits(value.strftime("%Y/%m/%d"))
