"""The querysets the public pages share: only published, visible, canonical articles."""

from __future__ import annotations

from django.db.models import QuerySet

from naql.news.models import Article, StageState, Story


def published_articles() -> QuerySet[Article]:
    """Articles a reader may see, one per copy group (copies are listed under their original)."""
    return (
        Article.objects.filter(state=StageState.DONE, hidden=False, duplicate_of__isnull=True)
        .select_related("source", "section")
        .order_by("-published_at", "-id")
    )


def top_stories(limit: int = 6) -> QuerySet[Story]:
    """Stories covered by the most outlets, most recent first among equals."""
    return Story.objects.filter(source_count__gt=1).order_by(
        "-source_count", "-last_published_at"
    )[:limit]
