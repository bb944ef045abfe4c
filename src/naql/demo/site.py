"""One outlet's whole site, rendered once at start-up into immutable resources.

Rendering everything up front (a few hundred pages, tens of milliseconds) keeps the request
path trivial and fast for benchmarks, and makes ETags stable for the life of the newsroom.
Paths are stored percent-decoded, so ``/ar/%D8%A7…`` and ``/ar/ا…`` find the same page.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from urllib.parse import unquote

from naql.demo import feeds
from naql.demo.outlets import SECTION_NAMES, OutletSpec, section_slug
from naql.demo.sample import SampleArticle
from naql.demo.templates import aggregator
from naql.demo.templates.common import AGENCIES, pick, stable_key, summary
from naql.demo.views import ArticleView, Brand, Credit, HomeView, Link, Teaser

# Full feeds (as some outlets publish): tests and benchmarks ingest every article from them.
FEED_ITEMS = 1000
MOST_READ = 5
RELATED = 3
EMPTY_SITE_DATE = datetime(2018, 1, 1, tzinfo=UTC)
CAPTIONS = ("صورة أرشيفية", "من موقع الحدث", "صورة تعبيرية", "لقطة من الحدث")


@dataclass(frozen=True, slots=True)
class Placement:
    """An article as one outlet serves it: where, when, and (for copies) whose it is."""

    article: SampleArticle
    path: str  # as it appears in links (percent-encoded where the outlet encodes)
    url: str
    published: datetime  # in the outlet's time zone
    credit: Credit | None = None
    original_url: str | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """A served response body with its validators."""

    body: bytes
    content_type: str
    last_modified: datetime
    etag: str


def _png(width: int = 16, height: int = 9) -> bytes:
    """A small grey PNG, so lead images and JSON-LD image URLs resolve to a real image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x99\x99\x99" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _resource(text: str | bytes, content_type: str, charset: str, when: datetime) -> Resource:
    body = text if isinstance(text, bytes) else text.encode(charset, "xmlcharrefreplace")
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'  # noqa: S324 - a validator, not security
    return Resource(body, content_type, when, etag)


class OutletSite:
    """Every resource of one outlet server, keyed by percent-decoded path."""

    def __init__(self, spec: OutletSpec, brand: Brand, placements: Sequence[Placement]) -> None:
        self.spec = spec
        self.brand = brand
        self.placements = tuple(sorted(placements, key=lambda p: p.published, reverse=True))
        self._by_section: dict[str, list[Placement]] = defaultdict(list)
        for p in self.placements:
            self._by_section[section_slug(p.article.category)].append(p)
        self.sections = tuple(
            Link(SECTION_NAMES[s], f"{brand.homepage}section/{s}/")
            for s in sorted(self._by_section)
        )
        self.most_read = tuple(
            Link(p.article.title, p.url)
            for p in sorted(self.placements, key=lambda p: stable_key(p.url))[:MOST_READ]
        )
        self.resources = MappingProxyType(self._render())

    @property
    def newest(self) -> datetime:
        """When the site last changed: its newest article."""
        return self.placements[0].published if self.placements else EMPTY_SITE_DATE

    def resolve(self, path: str) -> Resource | None:
        """The resource served at ``path`` (raw or percent-encoded), or None for a 404."""
        return self.resources.get(unquote(path))

    def article_view(self, placement: Placement) -> ArticleView:
        """The view a template renders for one placement."""
        a = placement.article
        slug = section_slug(a.category)
        section = Link(SECTION_NAMES[slug], f"{self.brand.homepage}section/{slug}/")
        return ArticleView(
            brand=self.brand,
            article=a,
            url=placement.url,
            published=placement.published,
            section=section,
            sections=self.sections,
            image_url=f"{self.brand.homepage}media/{a.slug}.png",
            caption=f"{pick(a.id, CAPTIONS)} {pick(a.id + 'credit', AGENCIES)}",
            related=self._related(placement),
            most_read=tuple(m for m in self.most_read if m.url != placement.url),
            credit=placement.credit,
        )

    def _related(self, placement: Placement) -> tuple[Link, ...]:
        """The same section's articles nearest in time, as CMS "related" widgets pick them."""
        peers = [p for p in self._by_section[section_slug(placement.article.category)]
                 if p.url != placement.url]
        peers.sort(key=lambda p: (abs((p.published - placement.published).total_seconds()), p.url))
        return tuple(Link(p.article.title, p.url) for p in peers[:RELATED])

    def _teasers(self, placements: Sequence[Placement]) -> tuple[Teaser, ...]:
        return tuple(
            Teaser(p.article.title, p.url, p.published,
                   SECTION_NAMES[section_slug(p.article.category)], summary(p.article.body))
            for p in placements
        )

    def _feed_items(self) -> tuple[feeds.FeedItem, ...]:
        items = []
        for p in self.placements[:FEED_ITEMS]:
            a = p.article
            guid = p.url
            content = ""
            if self.spec.guid == "tag":
                guid = f"tag:{self.spec.slug},2018:{a.slug}"
            elif self.spec.guid == "wordpress":
                guid = f"{self.brand.homepage}?p={sum(a.slug.encode()) % 9000 + 1000}"
            if self.spec.is_aggregator:
                content = aggregator.entry_content(self.article_view(p))
            items.append(feeds.FeedItem(
                title=a.title, url=p.url, guid=guid, published=p.published,
                category=SECTION_NAMES[section_slug(a.category)],
                description=summary(a.body), content_html=content,
            ))
        return tuple(items)

    def _render(self) -> dict[str, Resource]:
        spec, brand, charset = self.spec, self.brand, self.brand.charset
        html = f"text/html; charset={charset}"
        out: dict[str, Resource] = {}
        image = _png()
        for p in self.placements:
            page = spec.template.article(self.article_view(p))
            out[unquote(p.path)] = _resource(page, html, charset, p.published)
            out[f"/media/{p.article.slug}.png"] = _resource(image, "image/png", charset,
                                                            p.published)
        home = HomeView(brand, self._teasers(self.placements), self.sections, self.most_read)
        out["/"] = _resource(spec.template.home(home), html, charset, self.newest)
        for slug, placements in self._by_section.items():
            view = HomeView(brand, self._teasers(placements), self.sections, self.most_read)
            out[f"/section/{slug}/"] = _resource(spec.template.home(view), html, charset,
                                                 placements[0].published)
        channel = feeds.Channel(brand.name, brand.homepage, brand.feed_url,
                                f"آخر أخبار {brand.name}", charset)
        items = self._feed_items()
        if spec.feed_type == "atom":
            feed, mime = feeds.atom(channel, items), "application/atom+xml"
        else:
            feed, mime = feeds.rss(channel, items), "application/rss+xml"
        out[spec.feed_path] = _resource(feed, f"{mime}; charset={charset}", charset, self.newest)
        every = tuple(feeds.FeedItem(p.article.title, p.url, p.url, p.published, "", "")
                      for p in self.placements)
        xml = "application/xml; charset=utf-8"
        out["/sitemap.xml"] = _resource(feeds.sitemap(every), xml, "utf-8", self.newest)
        sitemaps = [brand.homepage + "sitemap.xml"]
        if spec.news_sitemap:
            out["/news-sitemap.xml"] = _resource(feeds.news_sitemap(brand.name, items), xml,
                                                 "utf-8", self.newest)
            sitemaps.append(brand.homepage + "news-sitemap.xml")
        out["/robots.txt"] = _resource(feeds.robots(sitemaps), "text/plain; charset=utf-8",
                                       "utf-8", self.newest)
        return out
