"""Which stories a subscriber's digest carries: one item per story, filtered by their interests.

Digests are built from stories, not articles, so that an event covered by eight outlets is one
line ("8 مصادر") instead of eight. The item shows what the displayed article's source allows:
an excerpt for full and excerpt sources, only the title and link for link-only sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from naql.news.models import Article, StageState, Story
from naql.sources.models import Policy
from naql.text import analyze

MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class StoryItem:
    """What a digest shows of one story, plus what interests are matched against."""

    story_id: int
    title: str
    url: str
    source_name: str
    excerpt: str
    outlet_count: int
    last_published_at: datetime
    section_ids: frozenset[int]
    source_ids: frozenset[int]
    tokens: frozenset[str]


def phrase(keyword: str) -> frozenset[str]:
    """A followed keyword as the search analyzer's tokens (empty: it matches nothing)."""
    return frozenset(analyze(keyword))


@dataclass(frozen=True, slots=True)
class Interests:
    """A subscriber's filters. Empty sections/sources mean "all"; keywords add stories that the
    filters would leave out, so following "غزة" works whatever sections are ticked."""

    section_ids: frozenset[int]
    source_ids: frozenset[int]
    keywords: tuple[frozenset[str], ...]

    @classmethod
    def build(
        cls, sections: Iterable[int], sources: Iterable[int], keywords: Iterable[str]
    ) -> Interests:
        """Analyze each keyword phrase once, here, rather than per story."""
        phrases = tuple(phrase(k) for k in keywords)
        return cls(frozenset(sections), frozenset(sources), tuple(p for p in phrases if p))


def matches(item: StoryItem, interests: Interests) -> bool:
    """True when the story passes the subscriber's filters or contains a followed phrase."""
    in_sections = not interests.section_ids or bool(item.section_ids & interests.section_ids)
    in_sources = not interests.source_ids or bool(item.source_ids & interests.source_ids)
    if in_sections and in_sources:
        return True
    return any(phrase <= item.tokens for phrase in interests.keywords)


def pick(items: Sequence[StoryItem], interests: Interests, since: datetime) -> list[int]:
    """Story ids for one digest: newer than ``since``, matching, most-covered first."""
    chosen = [i for i in items if i.last_published_at > since and matches(i, interests)]
    chosen.sort(key=lambda i: (-i.outlet_count, -i.last_published_at.timestamp(), i.story_id))
    return [i.story_id for i in chosen[:MAX_ITEMS]]


def _item(story: Story, articles: list[Article]) -> StoryItem | None:
    canonical = [a for a in articles if a.duplicate_of_id is None] or articles
    if not canonical:
        return None
    shown = next((a for a in canonical if a.pk == story.representative_id), canonical[0])
    excerpt = "" if shown.source.policy == Policy.LINK else shown.excerpt
    words = " ".join([story.title, excerpt, *(a.title for a in canonical)])
    return StoryItem(
        story_id=story.pk,
        title=story.title or shown.title,
        url=shown.url,
        source_name=shown.source.name,
        excerpt=excerpt,
        # Copies count as coverage: an outlet that republished the story did cover it.
        outlet_count=len({a.source_id for a in articles}),
        last_published_at=max(a.published_at for a in articles),
        section_ids=frozenset(a.section_id for a in articles if a.section_id is not None),
        source_ids=frozenset(a.source_id for a in articles),
        tokens=frozenset(analyze(words)),
    )


def load_items(*, story_ids: Iterable[int] | None = None, since: datetime | None = None,
               until: datetime | None = None) -> dict[int, StoryItem]:
    """Digest items for the given stories, or for stories with an article in (since, until].

    Only published (DONE), visible articles count, and text is only ever taken from a
    canonical article: a hidden article never adds an outlet or leaks text.
    """
    visible = Article.objects.filter(
        state=StageState.DONE, hidden=False, story__isnull=False
    )
    if until is not None:
        visible = visible.filter(published_at__lte=until)
    articles = visible
    if story_ids is not None:
        articles = articles.filter(story_id__in=list(story_ids))
    if since is not None:
        recent = visible.filter(published_at__gt=since).values("story_id")
        articles = articles.filter(story_id__in=recent)
    by_story: dict[int, tuple[Story, list[Article]]] = {}
    for article in articles.select_related("source", "story").order_by("published_at", "id"):
        story = article.story
        assert story is not None  # filtered above
        by_story.setdefault(story.pk, (story, []))[1].append(article)
    items = {}
    for pk, (story, group) in by_story.items():
        item = _item(story, group)
        if item is not None:
            items[pk] = item
    return items
