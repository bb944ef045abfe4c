"""What a page template is given: plain frozen values, already resolved to served URLs.

Templates only format; every choice (which URL, which related links, which time zone) is made
once in ``naql.demo.site`` so that the six outlet templates cannot disagree about facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from naql.demo.sample import SampleArticle


@dataclass(frozen=True, slots=True)
class Brand:
    """An outlet as its pages present it."""

    slug: str
    name: str
    homepage: str
    charset: str
    feed_url: str
    feed_type: str  # "rss" or "atom": decides the autodiscovery link's MIME type

    @property
    def feed_mime(self) -> str:
        """The MIME type of the outlet's feed, for ``<link rel="alternate">``."""
        return "application/atom+xml" if self.feed_type == "atom" else "application/rss+xml"


@dataclass(frozen=True, slots=True)
class Link:
    """A titled link to another page of the same site (menus, most-read, related)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Credit:
    """Where an aggregator's copy came from; ``url`` is None when the copy does not link it."""

    outlet_name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article page: the article, where it is served and the furniture around it."""

    brand: Brand
    article: SampleArticle
    url: str
    published: datetime  # in the outlet's own time zone
    section: Link
    sections: tuple[Link, ...]
    image_url: str
    caption: str
    related: tuple[Link, ...]
    most_read: tuple[Link, ...]
    credit: Credit | None = None  # aggregator copies only

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The article's paragraphs, unchanged from the corpus."""
        return self.article.paragraphs


@dataclass(frozen=True, slots=True)
class Teaser:
    """One entry of a homepage listing."""

    title: str
    url: str
    published: datetime
    section: str
    summary: str


@dataclass(frozen=True, slots=True)
class HomeView:
    """A homepage: the outlet's articles, newest first, and its menus."""

    brand: Brand
    teasers: tuple[Teaser, ...]
    sections: tuple[Link, ...]
    most_read: tuple[Link, ...]
