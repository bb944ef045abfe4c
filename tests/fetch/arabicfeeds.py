"""Synthetic, real-shaped Arabic feeds for tests and benchmarks.

No Arabic RSS fixtures exist in public data (see ../shared/data/README.md), so feeds are
built here in the shapes outlets publish: RSS 2.0 with RFC 822 dates and raw Arabic URLs,
RSS 1.0 (RDF), Atom, and JSON Feed. Items are synthetic Arabic headlines, or real articles
when the caller passes records read from the shared corpora at run time (never committed).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

_AST = timezone(timedelta(hours=3))
"""Arabia Standard Time, the offset Gulf outlets put on their dates."""
WORDS = [
    "الرياض",
    "القاهرة",
    "وزير",
    "الخارجية",
    "اجتماع",
    "قمة",
    "الاقتصاد",
    "النفط",
    "أسعار",
    "الذهب",
    "مباراة",
    "الهلال",
    "النصر",
    "الحكومة",
    "البرلمان",
    "الانتخابات",
    "السياحة",
    "التعليم",
    "الصحة",
]


@dataclass(frozen=True, slots=True)
class Article:
    """The fields a feed item needs."""

    url: str
    title: str
    summary: str
    published: datetime
    author: str = ""
    section: str = ""


def synthetic_articles(n: int, host: str = "https://news.example") -> list[Article]:
    """``n`` articles with Arabic titles and slugs, newest first."""
    start = datetime(2018, 3, 1, 12, 0, tzinfo=UTC)
    out = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(6)]
        out.append(
            Article(
                url=f"{host}/ar/2018/03/{i:05d}/{'-'.join(words[:4])}.html",
                title=" ".join(words) + f" {i}",
                summary=" ".join(words * 4) + " & <b>تفاصيل</b>",
                published=start - timedelta(minutes=17 * i),
                author="القاهرة - مراسلنا",
                section=("سياسة", "اقتصاد", "رياضة")[i % 3],
            )
        )
    return out


def rss2(articles: Sequence[Article], title: str = "آخر الأخبار", ttl: int | None = 15) -> bytes:
    """RSS 2.0 as Arabic outlets publish it (CDATA descriptions, +0300 offsets)."""
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(a.url)}</link>"
        f"<description><![CDATA[{a.summary}]]></description>"
        f"<pubDate>{format_datetime(a.published.astimezone(_AST))}</pubDate>"
        f'<guid isPermaLink="true">{escape(a.url)}</guid>'
        f"<category>{escape(a.section)}</category>"
        f"<dc:creator>{escape(a.author)}</dc:creator></item>"
        for a in articles
    )
    ttl_el = f"<ttl>{ttl}</ttl>" if ttl is not None else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{escape(title)}</title><link>https://news.example/</link>"
        f"<language>ar</language>{ttl_el}{items}</channel></rss>"
    ).encode()


def rss1(articles: Sequence[Article]) -> bytes:
    """RSS 1.0 (RDF) with Dublin Core dates."""
    items = "".join(
        f'<item rdf:about="{escape(a.url)}"><title>{escape(a.title)}</title>'
        f"<link>{escape(a.url)}</link><description>{escape(a.summary)}</description>"
        f"<dc:date>{a.published.isoformat()}</dc:date></item>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://news.example/"><title>أخبار</title>'
        f"<link>https://news.example/</link></channel>{items}</rdf:RDF>"
    ).encode()


def atom(articles: Sequence[Article]) -> bytes:
    """Atom 1.0 with alternate links and author names."""
    entries = "".join(
        f"<entry><title>{escape(a.title)}</title>"
        f'<link rel="alternate" href="{escape(a.url)}"/><id>{escape(a.url)}</id>'
        f"<published>{a.published.isoformat()}</published>"
        f"<updated>{a.published.isoformat()}</updated>"
        f'<summary type="html">{escape(a.summary)}</summary>'
        f"<author><name>{escape(a.author)}</name></author>"
        f'<category term="{escape(a.section)}"/></entry>'
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        '<title>أخبار</title><link rel="self" href="https://news.example/atom.xml"/>'
        '<link rel="alternate" href="https://news.example/"/>'
        f"<id>https://news.example/</id><updated>2018-03-01T12:00:00Z</updated>{entries}</feed>"
    ).encode()


def json_feed(articles: Sequence[Article], version: str = "1.1") -> bytes:
    """JSON Feed 1.0 or 1.1."""
    author_key = "authors" if version == "1.1" else "author"
    return json.dumps(
        {
            "version": f"https://jsonfeed.org/version/{version}",
            "title": "أخبار",
            "home_page_url": "https://news.example/",
            "items": [
                {
                    "id": a.url,
                    "url": a.url,
                    "title": a.title,
                    "summary": a.summary,
                    "date_published": a.published.isoformat(),
                    author_key: [{"name": a.author}] if version == "1.1" else {"name": a.author},
                    "tags": [a.section],
                }
                for a in articles
            ],
        },
        ensure_ascii=False,
    ).encode()
