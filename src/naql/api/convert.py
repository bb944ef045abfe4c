"""Model instances → API schemas, applying the source's policy the same way the pages do."""

from __future__ import annotations

from naql.api.schemas import ArticleOut, ArticleSummary, SourceOut, StorySummary
from naql.news.models import Article, Story
from naql.site import queries
from naql.site.sanitize import clean_body
from naql.site.seo import absolute, article_url
from naql.sources.models import Policy, Source


def article_summary(a: Article) -> ArticleSummary:
    """The list form of an article."""
    return ArticleSummary(
        id=a.pk,
        title=a.title,
        url=a.url,
        page_url=article_url(a),
        source=a.source.name,
        source_slug=a.source.slug,
        section=a.section.slug if a.section else None,
        published=a.published_at,
        story_id=a.story_id,
        excerpt=None if a.source.policy == Policy.LINK else a.excerpt,
    )


def article_detail(a: Article) -> ArticleOut:
    """One article in full, as far as its policy allows."""
    base = article_summary(a).model_dump()
    return ArticleOut(
        **base,
        author=a.author,
        image=a.image,
        lang=a.lang or "ar",
        body_html=str(clean_body(a.body_html)) if a.source.policy == Policy.FULL else None,
        copies=[c.url for c in queries.copies_of(a)],
    )


def story_summary(s: Story) -> StorySummary:
    """A story with its visible-outlet count (annotated by ``queries.visible_stories``)."""
    return StorySummary(
        id=s.pk,
        title=s.title,
        first_published=s.first_published_at,
        last_published=s.last_published_at,
        outlets=int(getattr(s, "outlet_count", s.source_count)),
        page_url=absolute(f"/story/{s.pk}/"),
    )


def source_out(s: Source) -> SourceOut:
    """An outlet, without its health (that stays in the admin)."""
    return SourceOut(
        slug=s.slug, name=s.name, homepage=s.homepage, description=s.description, policy=s.policy
    )
