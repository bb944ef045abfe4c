"""Template filters for reading in Arabic (and English); the rules live in ``naql.site.dates``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.http import QueryDict
from django.template.context import Context

from naql.site import dates
from naql.site.languages import LANGUAGE_QUERY
from naql.site.seo import absolute

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


@register.filter
def counted(value: int, noun: str) -> str:
    """ "٣ مصادر" / "3 outlets": a number with its noun (``outlets``, ``articles``, ``results``)."""
    return dates.counted(int(value), noun, dates.DateStyle.from_settings())


RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb"})


@register.filter
def text_dir(lang: str | None) -> str:
    """The direction of text in ``lang`` (Arabic when unknown: the site's outlets are Arabic)."""
    primary = (lang or "ar").split("-", 1)[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


@register.simple_tag(takes_context=True)
def language_url(context: Context, code: str, full: bool = False) -> str:
    """This page's address in language ``code`` (``?lang=``, the other parameters kept);
    ``full``: the absolute address, as ``hreflang`` alternates need."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[LANGUAGE_QUERY] = code
    if full:
        return absolute((request.path if request is not None else "/") + "?" + query.urlencode())
    return "?" + query.urlencode()
