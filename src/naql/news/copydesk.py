"""The copy desk: decides, for each newly extracted article, whether it is a copy of one we
have and which story it belongs to, keeping the pure ``naql.stories`` state in step with the
database.

Why state in memory at all: LSH buckets and story centroids over the last window are what
make each decision cheap. The database stays the truth: every process rebuilds that state
from the stored signatures and story keys of the window, then catches up with whatever other
workers published since (``publish_seq``) before deciding anything, always under the publish
lock, so decisions are the same whichever process makes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max

from naql.news import records
from naql.news.models import Article
from naql.stories import (
    ClusterPolicy,
    CopyCandidate,
    NearDuplicateIndex,
    Signature,
    Signer,
    StoryClusterer,
    StoryDoc,
    choose_canonical,
    is_near_duplicate,
)
from naql.stories.fingerprint import tokens_fingerprint
from naql.text import analyze


@dataclass(frozen=True, slots=True)
class Decision:
    """What the desk decided for one article."""

    duplicate_of: int | None
    story_key: str
    merges: tuple[tuple[str, str], ...] = ()
    # An earlier-published newcomer takes over a copy group: this article becomes its copy.
    replaces: int | None = None


_SYNC_BATCH = 500


@dataclass(frozen=True, slots=True)
class Analyzed:
    """An article's analyzer tokens, computed once per article and shared by the desk (copies,
    stories) and the search index."""

    title: tuple[str, ...]
    body: tuple[str, ...]

    @classmethod
    def of(cls, article: Article) -> Analyzed:
        return cls(tuple(analyze(article.title)), tuple(analyze(article.body_text)))


# Stored tokens by article id: (title tokens, body tokens); ids it cannot vouch for are left out.
TokenLookup = Callable[[list[int]], dict[int, Analyzed]]


def _doc(article: Article, tokens: Analyzed | None = None) -> StoryDoc:
    """The clusterer's view of an article; pass ``tokens`` when already analyzed."""
    tokens = tokens or Analyzed.of(article)
    return StoryDoc(
        doc_id=str(article.pk),
        source=str(article.source_id),
        published=article.published_at,
        title=article.title,
        title_tokens=tokens.title,
        body_tokens=tokens.body,
    )


class CopyDesk:
    """Near-duplicate index and story clusterer for one process; not thread-safe."""

    def __init__(self, window: timedelta = timedelta(hours=72)) -> None:
        self.window = window
        self.signer = Signer()
        self.reset()

    def reset(self) -> None:
        """Forget everything; the next ``sync`` rebuilds from the database. Called when a
        decision's transaction failed, so memory never keeps what the database did not."""
        self.index = NearDuplicateIndex()
        self.clusterer = StoryClusterer(ClusterPolicy(window=self.window))
        self.synced: int | None = None
        self.latest: datetime | None = None

    # -- keeping in step ------------------------------------------------------------------

    def sync(self, tokens_of: TokenLookup | None = None) -> None:
        """Load what other processes published since our last look (call under the lock).

        ``tokens_of`` looks up stored analyzer tokens by article id (the search index keeps
        them): with it, catching up costs a split per article rather than an analysis, which
        every worker would otherwise repeat for every article any worker published."""
        latest = Article.objects.aggregate(m=Max("publish_seq"))["m"]
        if latest is None or latest == self.synced:
            self.synced = latest
            return
        published = Article.objects.filter(publish_seq__isnull=False)
        if self.synced is None:
            newest = published.aggregate(m=Max("published_at"))["m"]
            published = published.filter(published_at__gte=newest - self.window)
        else:
            published = published.filter(publish_seq__gt=self.synced)
        rows = (
            published.filter(duplicate_of__isnull=True, signature__isnull=False)
            .select_related("story")
            .defer("body_text", "body_html")  # read only when no stored tokens stand in
            .order_by("publish_seq")
        )
        batch: list[Article] = []
        for article in rows.iterator(_SYNC_BATCH):
            batch.append(article)
            if len(batch) == _SYNC_BATCH:
                self._remember(batch, tokens_of)
                batch = []
        self._remember(batch, tokens_of)
        self.synced = latest

    def _remember(self, articles: list[Article], tokens_of: TokenLookup | None) -> None:
        stored = tokens_of([a.pk for a in articles]) if tokens_of and articles else {}
        for article in articles:
            assert article.signature is not None
            signature = Signature.from_bytes(bytes(article.signature))
            self.latest = max(self.latest or article.published_at, article.published_at)
            self.index.add(str(article.pk), signature, article.published_at)
            if article.story is not None and article.story.key:
                self.clusterer.restore(_doc(article, stored.get(article.pk)), article.story.key)

    # -- deciding -------------------------------------------------------------------------

    def _copy_of(self, article: Article, signature: Signature) -> int | None:
        exact = records.exact_copy_of(article.fingerprint, article.pk)
        if exact is not None:
            return exact
        for match in self.index.query(signature, limit=5):
            other = records.signature_of(int(match.doc_id))
            if other is not None and is_near_duplicate(signature, Signature.from_bytes(other)):
                return int(match.doc_id)
        return None

    def decide(self, article: Article, tokens: Analyzed | None = None) -> Decision:
        """Fingerprint and sign ``article`` (fields set, caller saves) and place it."""
        tokens = tokens or Analyzed.of(article)
        article.fingerprint = tokens_fingerprint(tokens.body)
        signature = self.signer.sign_tokens(tokens.body)
        article.signature = signature.to_bytes()
        original_id = self._copy_of(article, signature)
        if original_id is not None:
            original = Article.objects.select_related("source", "story").get(pk=original_id)
            chosen = choose_canonical(
                [
                    CopyCandidate(str(original.pk), original.source.slug, original.published_at,
                                  original.body_text),
                    CopyCandidate(str(article.pk), article.source.slug, article.published_at,
                                  article.body_text),
                ]
            )
            if chosen.doc_id == str(original.pk) or original.story is None:
                key = original.story.key if original.story and original.story.key else str(original.pk)
                return Decision(duplicate_of=original.pk, story_key=key)
            # The newcomer is the better original (earlier, or the wire's own): it takes over.
            self.index.remove(str(original.pk))
            self.index.add(str(article.pk), signature, article.published_at)
            return Decision(
                duplicate_of=None,
                story_key=original.story.key or str(original.pk),
                replaces=original.pk,
            )
        self.latest = max(self.latest or article.published_at, article.published_at)
        if article.published_at < self.latest - self.window:
            # Older than the window the desk holds (a backfill, or a feed far behind): the
            # articles it could join are gone from memory, so it stands alone rather than
            # being compared with this week's news.
            return Decision(duplicate_of=None, story_key=str(article.pk))
        self.index.add(str(article.pk), signature, article.published_at)
        self.index.evict_older_than(self.latest - self.window)
        assignment = self.clusterer.add(_doc(article, tokens))
        return Decision(
            duplicate_of=None,
            story_key=assignment.story_key,
            merges=tuple((m.absorbed, m.into) for m in assignment.merges),
        )

    def title_of(self, key: str) -> tuple[str, int] | None:
        """The story's representative title and article id, while it is in the window."""
        view = self.clusterer.story(key)
        return (view.title, int(view.representative)) if view else None
