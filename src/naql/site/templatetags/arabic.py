"""Template filters for reading in Arabic; the rules live in ``naql.site.dates``."""

from __future__ import annotations

import datetime as dt

from django import template

from naql.site import dates

register = template.Library()


@register.filter
def arabic_digits(value: object) -> str:
    """The site's digits (Arabic-Indic unless ``NAQL_ARABIC_DIGITS`` is off)."""
    return dates.digits(value, dates.DateStyle.from_settings())


@register.filter
def since(value: dt.datetime | None) -> str:
    """ "منذ ساعتين": how long ago, for lists where the exact time matters less."""
    if value is None:
        return ""
    return dates.relative(value, dates.DateStyle.from_settings())


@register.filter
def long_date(value: dt.datetime | None) -> str:
    """The full Arabic date and time (with the Hijri date when ``NAQL_HIJRI_DATES`` is on)."""
    if value is None:
        return ""
    return dates.long_date(value, dates.DateStyle.from_settings())
