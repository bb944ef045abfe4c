"""The article as the story clusterer sees it: a small frozen value built once per article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from naql.stories.tfidf import intern_tokens
from naql.text import analyze


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """One article: id, outlet, publication time and the analyzer's tokens of title and body.

    ``published`` must be comparable with every other doc's (all aware UTC, or all naive).
    ``title`` is kept as written, to name the story on the site.
    """

    doc_id: str
    source: str
    published: datetime
    title: str
    title_tokens: tuple[str, ...]
    body_tokens: tuple[str, ...]

    @classmethod
    def from_text(
        cls, doc_id: str, source: str, published: datetime, title: str, body: str
    ) -> StoryDoc:
        """Analyze title and body; the stage may instead pass tokens it already has."""
        return cls(
            doc_id=doc_id,
            source=source,
            published=published,
            title=title,
            title_tokens=intern_tokens(analyze(title)),
            body_tokens=intern_tokens(analyze(body)),
        )
