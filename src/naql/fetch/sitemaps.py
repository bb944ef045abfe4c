"""Sitemaps: plain ``<urlset>``, Google News sitemaps and ``<sitemapindex>`` → ``Sitemap``.

Why one function for all three: a news sitemap is a urlset with extra ``news:`` children,
and a site's /sitemap.xml is as often an index as a urlset; the caller follows
``sitemaps`` and reads ``urls``, whichever it got.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from naql.errors import NotAFeed, ParseError
from naql.fetch.dates import parse_date
from naql.fetch.safexml import local_name, parse_xml, refuse_html

_GZIP_MAGIC = b"\x1f\x8b"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""sitemaps.org: a sitemap may be at most 50 MB uncompressed."""


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """One ``<url>``: the page, its ``<lastmod>``, and for news sitemaps the article's title
    and publication date (aware UTC)."""

    url: str
    lastmod: datetime | None = None
    news_title: str | None = None
    news_published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """Pages listed (``urls``) and, for an index, the child sitemaps to fetch (``sitemaps``).
    ``partial`` is True when the document was truncated and this is what preceded the break."""

    urls: tuple[SitemapUrl, ...]
    sitemaps: tuple[str, ...]
    partial: bool = False


def _text(el: etree._Element) -> str:
    return (el.text or "").strip()


def _url_entry(el: etree._Element) -> SitemapUrl | None:
    loc = ""
    lastmod: str | None = None
    title: str | None = None
    published: str | None = None
    for child in el.iter():
        name = local_name(child.tag)
        if name == "loc" and not loc:
            loc = _text(child)
        elif name == "lastmod":
            lastmod = _text(child)
        elif name == "title" and title is None:
            title = _text(child) or None
        elif name == "publication_date":
            published = _text(child)
    if not loc:
        return None
    return SitemapUrl(loc, parse_date(lastmod), title, parse_date(published))


def _gunzip(data: bytes) -> bytes:
    """A ``.xml.gz`` sitemap (served as a file, so not undone by Content-Encoding), inflated
    no further than the protocol's 50 MB limit: a gzip bomb stops there."""
    d = zlib.decompressobj(31)
    try:
        out = d.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as e:
        raise ParseError(f"corrupt gzip-compressed sitemap: {e}") from e
    if len(out) > MAX_SITEMAP_BYTES:
        raise ParseError(f"the sitemap inflates to more than {MAX_SITEMAP_BYTES >> 20} MB")
    if not d.eof:
        raise ParseError("the gzip-compressed sitemap is truncated")
    return out


def parse_sitemap(data: bytes) -> Sitemap:
    """Parse sitemap bytes, plain or gzip-compressed (``.xml.gz``). Raises
    ``UnsafeDocument``, ``NotAFeed`` (HTML, or XML that is no sitemap) or ``ParseError``."""
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data)
    refuse_html(data, "a sitemap")
    partial = False
    try:
        root = parse_xml(data)
    except ParseError as e:
        root = parse_xml(data, recover=True)
        if local_name(root.tag) not in ("urlset", "sitemapindex"):
            raise e from None
        partial = True
    kind = local_name(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise NotAFeed(f"this XML document (<{kind}>) is not a sitemap")
    urls: list[SitemapUrl] = []
    children: list[str] = []
    for el in root:
        name = local_name(el.tag)
        if name == "url":
            entry = _url_entry(el)
            if entry is not None:
                urls.append(entry)
        elif name == "sitemap":
            loc = next((_text(c) for c in el if local_name(c.tag) == "loc"), "")
            if loc:
                children.append(loc)
    return Sitemap(urls=tuple(urls), sitemaps=tuple(children), partial=partial)
