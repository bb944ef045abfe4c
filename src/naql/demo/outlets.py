"""The outlets of the demo newsroom: who they are, how they shape URLs, what they serve.

Every outlet differs on purpose in one thing the pipeline must cope with: URL shape (dated,
numeric, percent-encoded Arabic slugs), feed format (RSS 2.0 or Atom), metadata (JSON-LD, Open
Graph only, or none), charset (one serves windows-1256) and time zone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from urllib.parse import quote

from naql.demo.sample import SampleArticle
from naql.demo.templates import (
    OutletTemplate,
    aggregator,
    alarabiya,
    bbc,
    cnn,
    france24,
    jawhara,
    skynews,
)

SECTION_SLUGS: Mapping[str, str] = MappingProxyType({
    "internationalNews": "world", "middleEast": "middle-east", "economy": "business",
    "sport": "sport", "technology": "technology", "culture": "culture",
    "localNews": "national", "politic": "politics", "society": "society", "diverse": "variety",
})
SECTION_NAMES: Mapping[str, str] = MappingProxyType({
    "world": "العالم", "middle-east": "الشرق الأوسط", "business": "اقتصاد", "sport": "رياضة",
    "technology": "تكنولوجيا", "culture": "ثقافة وفنون", "national": "وطنية",
    "politics": "سياسة", "society": "مجتمع", "variety": "منوعات", "news": "أخبار",
})
ARABIC_WORD = re.compile(r"[\w\u0600-\u06FF]+")


def section_slug(category: str) -> str:
    """The URL segment of an ANT category (``news`` when the record has none)."""
    return SECTION_SLUGS.get(category, "news")


def arabic_slug(title: str, words: int = 8) -> str:
    """A percent-encoded Arabic slug from the title's first words, as CMSs generate them."""
    return quote("-".join(ARABIC_WORD.findall(title)[:words]), safe="-")


def numeric_id(article: SampleArticle) -> int:
    """A stable 8-digit number for sites whose URLs end in a numeric id."""
    digest = hashlib.sha1(article.slug.encode()).hexdigest()  # noqa: S324 - an id, not security
    return 10000000 + int(digest[:12], 16) % 90000000


UrlPath = Callable[[SampleArticle, datetime], str]


def _alarabiya_path(a: SampleArticle, local: datetime) -> str:
    return f"/ar/{section_slug(a.category)}/{local:%Y/%m/%d}/{arabic_slug(a.title)}-{a.slug}.html"


def _bbc_path(a: SampleArticle, local: datetime) -> str:
    return f"/arabic/{section_slug(a.category)}-{numeric_id(a)}"


def _cnn_path(a: SampleArticle, local: datetime) -> str:
    return f"/{section_slug(a.category)}/{local:%Y/%m/%d}/{a.slug}"


def _france24_path(a: SampleArticle, local: datetime) -> str:
    return f"/ar/{section_slug(a.category)}/{local:%Y%m%d}-{a.slug}"


def _skynews_path(a: SampleArticle, local: datetime) -> str:
    return f"/{section_slug(a.category)}/{numeric_id(a)}-{arabic_slug(a.title, 6)}"


def _jawhara_path(a: SampleArticle, local: datetime) -> str:
    return f"/ar/article/{arabic_slug(a.title)}/95/{a.slug}"


def _aggregator_path(a: SampleArticle, local: datetime) -> str:
    return f"/{local:%Y/%m}/{a.slug}/"


@dataclass(frozen=True, slots=True)
class OutletSpec:
    """The fixed description of one outlet (where it is served is decided at start-up).

    ``guid`` is how its feed identifies items: ``url`` (the permalink), ``tag`` (an opaque
    id, not a link) or ``wordpress`` (``?p=123``).
    """

    slug: str  # the ANT source key for news outlets
    name: str
    charset: str
    feed_type: str  # "rss" or "atom"
    feed_path: str
    utc_offset_hours: int
    path: UrlPath
    template: OutletTemplate
    guid: str = "url"
    news_sitemap: bool = False
    is_aggregator: bool = False

    @property
    def tz(self) -> timezone:
        """The outlet's time zone, used for every date it prints."""
        return timezone(timedelta(hours=self.utc_offset_hours))


NEWS_OUTLETS = (
    OutletSpec("alarabiya", "العربية", "utf-8", "rss", "/.mrss/ar.xml", 4, _alarabiya_path,
               alarabiya.TEMPLATE),
    OutletSpec("bbc_arabic", "بي بي سي عربي", "utf-8", "atom", "/arabic/index.xml", 0,
               _bbc_path, bbc.TEMPLATE),
    OutletSpec("cnn_arabic", "سي إن إن بالعربية", "windows-1256", "rss", "/rss/all.xml", 0,
               _cnn_path, cnn.TEMPLATE, guid="tag"),
    OutletSpec("france24_arabic", "فرانس 24", "utf-8", "atom", "/ar/rss", 1, _france24_path,
               france24.TEMPLATE),
    OutletSpec("skynews_arabia", "سكاي نيوز عربية", "utf-8", "rss", "/rss.xml", 4,
               _skynews_path, skynews.TEMPLATE, news_sitemap=True),
    OutletSpec("jawharafm", "جوهرة أف أم", "utf-8", "rss", "/ar/rss/feed.xml", 1,
               _jawhara_path, jawhara.TEMPLATE),
)
AGGREGATOR = OutletSpec("zad_alakhbar", aggregator.SITE, "utf-8", "rss", "/feed/", 3,
                        _aggregator_path, aggregator.TEMPLATE, guid="wordpress",
                        is_aggregator=True)
