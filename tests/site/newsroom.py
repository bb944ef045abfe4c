"""A small published newsroom built through the ORM, shared by the site and API tests.

Four outlets, one per policy plus a ``noindex`` one; a story covered by three outlets; a copy;
a hidden article and one still in the pipeline, which must never appear anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import nh3
from django.utils import timezone

from naql.news.models import Article, StageState, Story
from naql.search.indexing import index_article
from naql.sources.models import Policy, Section, Source

BODY = (
    "<p>قال وزير الخارجية إن المحادثات بين البلدين تناولت التعاون الاقتصادي وأمن الحدود.</p>"
    "<p>وأضاف أن الجولة المقبلة من المفاوضات ستُعقد في العاصمة الشهر المقبل.</p>"
)
TEXT = (
    "قال وزير الخارجية إن المحادثات بين البلدين تناولت التعاون الاقتصادي وأمن الحدود.\n\n"
    "وأضاف أن الجولة المقبلة من المفاوضات ستُعقد في العاصمة الشهر المقبل."
)


@dataclass
class Newsroom:
    politics: Section
    full: Source
    excerpt: Source
    link: Source
    quiet: Source
    story: Story
    first: Article
    excerpted: Article
    linked: Article
    copy: Article
    hidden: Article
    pending: Article
    quiet_article: Article


def add_article(source: Source, slug: str, **fields: object) -> Article:
    """A published article of ``source``, indexed for search unless it is hidden."""
    values: dict[str, object] = {
        "title": f"المحادثات الثنائية تتناول التعاون الاقتصادي {slug}",
        "body_html": BODY,
        "body_text": TEXT,
        "state": StageState.DONE,
        "section": source.section,
        "lang": "ar",
        "published_at": timezone.now() - dt.timedelta(hours=2),
    }
    values.update(fields)
    article = Article.objects.create(
        source=source, url=f"https://{source.slug}.example/news/{slug}", **values
    )
    if article.state == StageState.DONE:
        index_article(article)
    return article


def build() -> Newsroom:
    """Create the newsroom in the current test database."""
    politics = Section.objects.create(slug="politics", name="سياسة")
    sources = {
        policy: Source.objects.create(
            slug=f"{policy}-news",
            name=name,
            homepage=f"https://{policy}-news.example/",
            description=f"وصف {name}",
            policy=policy,
            section=politics,
        )
        for policy, name in (
            (Policy.FULL, "جريدة النص"),
            (Policy.EXCERPT, "صحيفة المقتطف"),
            (Policy.LINK, "وكالة الرابط"),
        )
    }
    quiet = Source.objects.create(
        slug="quiet-news", name="النشرة الهادئة", homepage="https://quiet-news.example/",
        policy=Policy.EXCERPT, noindex=True, section=politics,
    )  # fmt: skip
    now = timezone.now()
    story = Story.objects.create(
        title="محادثات التعاون الاقتصادي", first_published_at=now - dt.timedelta(hours=5),
        last_published_at=now - dt.timedelta(hours=1), article_count=4, source_count=3,
    )  # fmt: skip
    first = add_article(
        sources[Policy.FULL], "first", story=story, published_at=now - dt.timedelta(hours=5),
        author="سارة أحمد", image="https://full-news.example/img/talks.jpg",
    )  # fmt: skip
    excerpted = add_article(
        sources[Policy.EXCERPT], "excerpted", story=story, published_at=now - dt.timedelta(hours=3)
    )
    linked = add_article(
        sources[Policy.LINK], "linked", story=story, published_at=now - dt.timedelta(hours=1)
    )
    copy = add_article(
        sources[Policy.EXCERPT], "copy", story=story, duplicate_of=first,
        published_at=now - dt.timedelta(hours=4),
    )  # fmt: skip
    hidden = add_article(
        sources[Policy.FULL], "hidden", story=story, hidden=True, title="خبر محجوب لا يظهر أبدا"
    )
    pending = add_article(
        sources[Policy.FULL], "pending", state=StageState.PENDING, title="خبر قيد المعالجة"
    )
    quiet_article = add_article(quiet, "quiet", published_at=now - dt.timedelta(minutes=30))
    return Newsroom(
        politics, sources[Policy.FULL], sources[Policy.EXCERPT], sources[Policy.LINK], quiet,
        story, first, excerpted, linked, copy, hidden, pending, quiet_article,
    )  # fmt: skip


def hostile(source: Source, body_html: str, slug: str) -> Article:
    """An article whose body is ``body_html`` as stored (sanitize it first to mimic extraction)."""
    return add_article(source, slug, body_html=body_html, title=f"صفحة عدائية {slug}")


def sanitized(html: str) -> str:
    """What the extractor stores: nh3's default clean."""
    return nh3.clean(html)
