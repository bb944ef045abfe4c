"""Where a page states when it was published and updated, in order of trust.

Why this order: JSON-LD and article meta tags are written by the CMS from its database; a
``<time>`` element or a date-classed element is the visible byline date; a date in the URL is
exact to the day; and a date found in the text near the headline is the last resort (pages also
show today's date, related stories' dates and copyright years, so free text comes last and is
searched only in elements whose class or id says "date").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from naql.extract.dates import date_from_url, parse_machine_date, parse_text_date
from naql.extract.dom import HtmlElement, text_of
from naql.extract.metadata import meta_content

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "article:published",
    "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.created", "dc.date.created", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "date", "created", "originalpublicationdate",
    "cxenseparse:recs:publishtime",
)
_UPDATED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "lastmod", "last-modified", "article.updated", "modified_time",
)
_DATE_CLASS = re.compile(r"date|time|publish|posted|created|byline|meta|info|تاريخ", re.I)
_UPDATED_WORDS = re.compile(r"تحديث|محدث|updated|modified", re.I)


@dataclass(frozen=True, slots=True)
class Dates:
    """Publication and last-update times, both timezone-aware or None."""

    published: datetime | None
    updated: datetime | None


def _time_elements(root: HtmlElement, tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    published = updated = None
    for el in root.iter("time"):
        value = el.get("datetime") or el.get("content") or ""
        dt = parse_machine_date(value, tz) if value else parse_text_date(text_of(el), tz)
        if dt is None:
            continue
        hint = f"{el.get('class') or ''} {el.get('itemprop') or ''} {el.get('pubdate') or ''}"
        if _UPDATED_WORDS.search(hint) or "dateModified" in hint:
            updated = updated or dt
        elif published is None:
            published = dt
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "meta":
            continue
        prop = el.get("itemprop")
        if prop in ("datePublished", "dateCreated") and published is None:
            published = parse_machine_date(el.get("content") or el.get("datetime") or "", tz) or parse_text_date(text_of(el), tz)
        elif prop == "dateModified" and updated is None:
            updated = parse_machine_date(el.get("content") or el.get("datetime") or "", tz) or parse_text_date(text_of(el), tz)
    return published, updated


def _text_date(root: HtmlElement, tz: tzinfo) -> datetime | None:
    """A date written in an element whose class or id says it holds one (the byline date)."""
    body = root.find("body")
    if body is None:
        return None
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        words = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not words.strip() or not _DATE_CLASS.search(words):
            continue
        text = text_of(el)
        if len(text) > 300 or _UPDATED_WORDS.search(text[:40]):
            continue
        dt = parse_text_date(text, tz)
        if dt is not None:
            return dt
    return None


def find_dates(root: HtmlElement, ld: dict[str, Any], url: str | None, tz: tzinfo) -> Dates:
    """Published and updated times from the most trusted source that has them."""
    def ld_date(key: str) -> datetime | None:
        v = ld.get(key)
        return parse_machine_date(v, tz) if isinstance(v, str) else None

    published = ld_date("datePublished") or ld_date("dateCreated")
    updated = ld_date("dateModified")
    if published is None:
        raw = meta_content(root, *_PUBLISHED_META)
        published = parse_machine_date(raw, tz) if raw else None
    if updated is None:
        raw = meta_content(root, *_UPDATED_META)
        updated = parse_machine_date(raw, tz) if raw else None
    if published is None or updated is None:
        t_pub, t_upd = _time_elements(root, tz)
        published = published or t_pub
        updated = updated or t_upd
    if published is None:
        published = date_from_url(url, tz) or _text_date(root, tz)
    if published is not None and updated is not None and updated < published:
        updated = None
    return Dates(published, updated)
