"""Incremental story clustering: articles from different outlets about the same event.

How it decides, one article at a time: the article's TF-IDF vector (window statistics,
title tokens weighted up) is compared with the centroid of every open story that shares one
of its heaviest terms; the score adds the share of its title's weight found in the story's
titles, and the rare tokens (names, places: few documents in the window carry them) it
shares with the story. Above ``threshold`` it joins the best story, else it founds one.

Why a founder's id as the story key: it is stable (the same arrivals in the same order give
the same keys), needs no counter to persist, and the database already has it. When one
article bridges two open stories that turn out to be one, the younger story is merged into
the older and the merge is reported so the database can follow.

Restart: ``restore(doc, story_key)`` replays the last window of stored assignments without
deciding anything, which rebuilds statistics, centroids and the candidate index exactly.
Memory: articles older than the window are forgotten, and so are stories with no article
left in it; everything kept is proportional to the window's article count.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import filterfalse, islice, repeat
from operator import add, itemgetter, mul

import numpy as np
import numpy.typing as npt

from naql.stories.docs import StoryDoc
from naql.stories.places import Gazetteer
from naql.stories.tfidf import SparseVector, WindowFrequencies, dot, term_counts, weigh_sorted


@dataclass(frozen=True, slots=True)
class ClusterPolicy:
    """Parameters of the clusterer; the defaults are the ones measured in RESULTS.md."""

    window: timedelta = timedelta(hours=72)
    threshold: float = 0.45
    title_weight: float = 0.5
    entity_weight: float = 0.3
    merge_threshold: float = 0.6
    # How strongly title tokens count in the article's vector.
    title_boost: float = 2.0
    # Vector and centroid sizes, and how many of the article's terms look up candidates.
    max_terms: int = 40
    centroid_terms: int = 60
    lookup_terms: int = 12
    max_candidates: int = 15
    # A token carried by at most this share of the window's documents counts as a name.
    rare_share: float = 0.01
    rare_min_df: int = 3
    # Single link: the article may also be compared with this many of the story's latest
    # members (a story whose centroid drifted still takes a close follow-up). Off by default:
    # it chains — one article about Tillerson's view of the Skripal poisoning let the three
    # reports of his dismissal into the Skripal story (demo sample) — and the labelled sample
    # scores better without it (set A F1 0.932 vs 0.923, RESULTS.md). The centroid decides.
    link_members: int = 0
    link_stories: int = 5
    # Places: when the article's title and lead (its first ``lead_tokens`` body tokens) name
    # places and the story's name others, none in common, it joins only if the bodies alone
    # agree at ``strong_cosine``. Two matches of one World Cup, or two earthquakes on one day,
    # share the vocabulary of the topic, not the places (national teams are countries). The
    # lead counts because a title may name no place ("a strong quake strikes the Ring of
    # Fire") while the first sentence does ("near Fiji and Tonga").
    lead_tokens: int = 40
    strong_cosine: float = 0.45


@dataclass(frozen=True, slots=True)
class Merge:
    """Story ``absorbed`` was merged into story ``into``: repoint its articles."""

    absorbed: str
    into: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where ``add`` put an article, and what else changed."""

    doc_id: str
    story_key: str
    founded: bool
    score: float
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story as the site shows it: representative article and title, members in the window."""

    key: str
    title: str
    representative: str
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    size: int
    first_published: datetime
    last_published: datetime


@dataclass(slots=True)
class _Member:
    doc: StoryDoc
    # The article's vector as parallel terms and weights: a packed array of doubles instead
    # of a dict holding 40 float objects, for each of the window's ~15,000 articles.
    terms: tuple[str, ...]
    weights: array[float]
    # The window-frequency ids of the article's distinct tokens (to uncount it on eviction).
    token_ids: npt.NDArray[np.int32]
    places: frozenset[str] = frozenset()
    rare: tuple[str, ...] = ()

    def vector(self) -> SparseVector:
        """The article's vector as a dict (for the rare paths that need one)."""
        return dict(zip(self.terms, self.weights, strict=True))


def _member(
    doc: StoryDoc, vector: SparseVector, token_ids: npt.NDArray[np.int32], places: frozenset[str]
) -> _Member:
    # The body's tokens are not needed once the article is counted: a window of them (a few
    # KB an article) would otherwise stay alive as long as the article does.
    slim = StoryDoc(doc.doc_id, doc.source, doc.published, doc.title, doc.title_tokens, ())
    return _Member(slim, tuple(vector), array("d", vector.values()), token_ids, places)


@dataclass(slots=True)
class _Story:
    key: str
    founded: datetime
    last: datetime
    centroid: SparseVector = field(default_factory=dict)
    norm: float = 0.0
    title_terms: Counter[str] = field(default_factory=Counter)
    rare_terms: Counter[str] = field(default_factory=Counter)
    place_terms: Counter[str] = field(default_factory=Counter)
    members: dict[str, _Member] = field(default_factory=dict)
    size: int = 0


class StoryClusterer:
    """Groups a stream of articles into stories inside a sliding time window.

    Articles should arrive in roughly increasing ``published`` order; the window follows the
    latest time seen. Not thread-safe: one clusterer per stage worker.
    """

    def __init__(
        self, policy: ClusterPolicy | None = None, gazetteer: Gazetteer | None = None
    ) -> None:
        self.policy = policy or ClusterPolicy()
        self._gazetteer = gazetteer or Gazetteer()
        self._freq = WindowFrequencies()
        self._stories: dict[str, _Story] = {}
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, dict[str, None]] = {}
        self._by_time: list[tuple[datetime, str]] = []
        self._now: datetime | None = None

    def __len__(self) -> int:
        """Articles currently in the window."""
        return len(self._story_of)

    @property
    def open_stories(self) -> int:
        """Stories with at least one article in the window."""
        return len(self._stories)

    def story_of(self, doc_id: str) -> str | None:
        """The story key of an article still in the window."""
        return self._story_of.get(doc_id)

    def add(self, doc: StoryDoc) -> Assignment:
        """Place one new article; returns its story key and any merges it caused."""
        if doc.doc_id in self._story_of:
            return Assignment(doc.doc_id, self._story_of[doc.doc_id], founded=False, score=1.0)
        self._advance(doc.published)
        vector, rare, token_ids = self._count(doc)
        member = _member(doc, vector, token_ids, self._places(doc))
        scored = self._score_candidates(doc, vector, rare, member.places)
        p = self.policy
        passing = [(score, key) for score, key in scored if score >= p.threshold]
        if not passing:
            story = self._found(doc)
            self._join(story, member, rare)
            return Assignment(doc.doc_id, story.key, founded=True, score=0.0)
        best_score, best_key = passing[0]
        story = self._stories[best_key]
        self._join(story, member, rare)
        merges = self._merge_bridged(story, [key for _, key in passing[1:]])
        final = self._story_of[doc.doc_id]
        return Assignment(doc.doc_id, final, founded=False, score=best_score, merges=merges)

    def restore(self, doc: StoryDoc, story_key: str) -> None:
        """Replay a stored assignment (after a restart) without deciding anything."""
        if doc.doc_id in self._story_of:
            return
        self._advance(doc.published)
        vector, rare, token_ids = self._count(doc)
        story = self._stories.get(story_key)
        if story is None:
            story = _Story(story_key, doc.published, doc.published)
            self._stories[story_key] = story
        self._join(story, _member(doc, vector, token_ids, self._places(doc)), rare)

    def story(self, key: str) -> StoryView | None:
        """The open story ``key``: its representative is the member closest to the centroid."""
        s = self._stories.get(key)
        if s is None or not s.members:
            return None
        members = sorted(s.members.values(), key=lambda m: (m.doc.published, m.doc.doc_id))
        rep = max(members, key=lambda m: dot(m.vector(), s.centroid))
        return StoryView(
            key=s.key,
            title=rep.doc.title,
            representative=rep.doc.doc_id,
            doc_ids=tuple(m.doc.doc_id for m in members),
            sources=tuple(dict.fromkeys(m.doc.source for m in members)),
            size=s.size,
            first_published=s.founded,
            last_published=s.last,
        )

    # -- scoring ---------------------------------------------------------------------------

    def _count(self, doc: StoryDoc) -> tuple[SparseVector, tuple[str, ...], npt.NDArray[np.int32]]:
        """Count the article in the window; its TF-IDF vector, rare terms and token ids.

        Rare terms are the vector's terms that at most ``rare_share`` of the window's
        documents carry (names, places).
        """
        p = self.policy
        freq = self._freq
        tokens = sorted({*doc.title_tokens, *doc.body_tokens})  # weigh breaks ties on order
        token_ids = freq.add(tokens)
        counts = term_counts(doc.title_tokens, doc.body_tokens, p.title_boost)
        vector, df = weigh_sorted(
            tokens,
            list(map(counts.__getitem__, tokens)),
            freq.counts(token_ids),
            freq.documents,
            p.max_terms,
        )
        limit = max(float(p.rare_min_df), p.rare_share * freq.documents)
        rare = tuple(t for t, n in zip(vector, df, strict=True) if n <= limit)
        return vector, rare, token_ids

    def _places(self, doc: StoryDoc) -> frozenset[str]:
        """The title's places; the lead's only when the title names none (the lead of every
        World Cup report names the host country, which would tie all matches together)."""
        title = self._gazetteer.places(doc.title_tokens)
        return title or self._gazetteer.places(doc.body_tokens[: self.policy.lead_tokens])

    def _score_candidates(
        self, doc: StoryDoc, vector: SparseVector, rare: tuple[str, ...], places: frozenset[str]
    ) -> list[tuple[float, str]]:
        p = self.policy
        hits: Counter[str] = Counter()
        postings = self._postings
        for term in islice(vector, p.lookup_terms):
            posting = postings.get(term)
            if posting:
                hits.update(posting.keys())  # counted in C
        candidates = _top_counted(hits, p.max_candidates)
        idf = {t: self._freq.idf(t) for t in dict.fromkeys(doc.title_tokens)}
        title_mass = sum(idf.values())
        stories = self._stories
        # Without the single link a candidate is only worth finishing if it can still pass:
        # a story that cannot reach the threshold even with the largest names bonus, or an
        # unanchored one below ``strong_cosine``, would be dropped below anyway. (The margin
        # keeps the shortcut on the safe side of float rounding: no decision changes.)
        prune = not p.link_members
        out_of_reach = p.threshold - p.entity_weight - 1e-9
        scored = []
        for key in candidates:
            s = stories[key]
            anchored = not places or not s.place_terms or not places.isdisjoint(s.place_terms)
            cos = dot(vector, s.centroid) / (s.norm or 1.0)
            if prune and not anchored and cos < p.strong_cosine:
                continue
            bonus = 0.0
            if title_mass:
                # The title's idf mass found in the story's titles, summed in title order.
                shared = sum(map(idf.__getitem__, filter(s.title_terms.__contains__, idf)))
                bonus += p.title_weight * shared / title_mass
            if prune and cos + bonus < out_of_reach:
                continue
            if rare:
                found = sum(map(s.rare_terms.__contains__, rare))
                bonus += p.entity_weight * min(3, found) / 3
            scored.append((cos + bonus, cos, bonus, key, anchored))
        scored.sort(key=lambda c: (-c[0], c[3]))
        # Single link to the latest members, only for the few best stories: it rescues a
        # follow-up whose story's centroid has drifted, at a bounded cost per article.
        results = []
        for rank, (score, cos, bonus, key, anchored) in enumerate(scored):
            final, best_cos = score, cos
            if rank < p.link_stories and p.link_members:
                members = stories[key].members
                latest = list(islice(reversed(members.values()), p.link_members))
                best_cos = max(cos, *(dot(vector, m.vector()) for m in latest))
                final = best_cos + bonus
            if not anchored and best_cos < p.strong_cosine:
                continue
            results.append((final, key))
        results.sort(key=lambda sk: (-sk[0], stories[sk[1]].founded, sk[1]))
        return results

    # -- state changes ---------------------------------------------------------------------

    def _found(self, doc: StoryDoc) -> _Story:
        story = _Story(doc.doc_id, doc.published, doc.published)
        self._stories[story.key] = story
        return story

    def _join(self, story: _Story, member: _Member, rare: tuple[str, ...]) -> None:
        doc = member.doc
        member.rare = rare
        story.members[doc.doc_id] = member
        story.size += 1
        story.founded = min(story.founded, doc.published)
        story.last = max(story.last, doc.published)
        terms = member.terms
        centroid = story.centroid
        fresh = list(filterfalse(centroid.__contains__, terms))
        centroid.update(
            zip(
                terms,
                map(add, map(centroid.get, terms, repeat(0.0)), member.weights),
                strict=True,
            )
        )
        # Counter.update counts an iterable in C (a mapping would take its Python loop).
        story.title_terms.update(iter(dict.fromkeys(doc.title_tokens)))
        story.rare_terms.update(iter(rare))
        story.place_terms.update(iter(member.places))
        self._trim(story, fresh)
        self._story_of[doc.doc_id] = story.key
        heapq.heappush(self._by_time, (doc.published, doc.doc_id))

    def _trim(self, story: _Story, fresh: Iterable[str] = (), gone: Iterable[str] = ()) -> None:
        """Cut the centroid to its heaviest terms and keep the candidate index in step.

        A story is in ``postings[t]`` exactly when ``t`` is a centroid term; the caller says
        which terms it just added (``fresh``) and which it removed (``gone``), so only
        those are re-indexed (a join usually moves a few of 60) and the story's other term
        strings are never hashed again.
        """
        p = self.policy
        centroid = story.centroid
        gone = list(gone)
        if len(centroid) > p.centroid_terms:
            # Heaviest first, ties by term: two C-level sorts (the second is stable, and
            # ``reverse`` keeps equal weights in term order).
            ranked = sorted(centroid.items())
            ranked.sort(key=itemgetter(1), reverse=True)
            story.centroid = centroid = dict(ranked[: p.centroid_terms])
            gone.extend(t for t, _ in ranked[p.centroid_terms :])
        weights = centroid.values()
        story.norm = math.sqrt(sum(map(mul, weights, weights)))
        postings = self._postings
        key = story.key
        for t in gone:
            posting = postings.get(t)
            if posting is not None:
                posting.pop(key, None)
                if not posting:
                    del postings[t]
        for t in fresh:
            if t in centroid:
                postings.setdefault(t, {})[key] = None

    def _merge_bridged(self, story: _Story, others: list[str]) -> tuple[Merge, ...]:
        """Merge into one the stories an article bridged, when their centroids agree."""
        merges: list[Merge] = []
        for key in others:
            other = self._stories.get(key)
            if other is None or other.key == story.key:
                continue
            cos = dot(story.centroid, other.centroid) / (
                (math.sqrt(dot(story.centroid, story.centroid)) or 1.0)
                * (math.sqrt(dot(other.centroid, other.centroid)) or 1.0)
            )
            if cos < self.policy.merge_threshold:
                continue
            older, younger = sorted((story, other), key=lambda s: (s.founded, s.key))
            self._absorb(older, younger)
            merges.append(Merge(absorbed=younger.key, into=older.key))
            story = older
        return tuple(merges)

    def _absorb(self, into: _Story, gone: _Story) -> None:
        fresh = list(filterfalse(into.centroid.__contains__, gone.centroid))
        for t, w in gone.centroid.items():
            into.centroid[t] = into.centroid.get(t, 0.0) + w
        into.title_terms.update(gone.title_terms)
        into.rare_terms.update(gone.rare_terms)
        into.place_terms.update(gone.place_terms)
        for doc_id, member in gone.members.items():
            into.members[doc_id] = member
            self._story_of[doc_id] = into.key
        into.size += gone.size
        into.founded = min(into.founded, gone.founded)
        into.last = max(into.last, gone.last)
        self._trim(gone, gone=gone.centroid)
        gone.centroid = {}
        del self._stories[gone.key]
        self._trim(into, fresh)

    def _advance(self, published: datetime) -> None:
        if self._now is None or published > self._now:
            self._now = published
        self.evict_older_than(self._now - self.policy.window)

    def evict_older_than(self, cutoff: datetime) -> int:
        """Forget articles published before ``cutoff``, and stories left with none."""
        dropped = 0
        while self._by_time and self._by_time[0][0] < cutoff:
            _, doc_id = heapq.heappop(self._by_time)
            key = self._story_of.pop(doc_id, None)
            if key is None:
                continue
            story = self._stories[key]
            member = story.members.pop(doc_id)
            self._freq.remove(member.token_ids)
            dropped += 1
            if not story.members:
                self._trim(story, gone=story.centroid)
                story.centroid = {}
                del self._stories[key]
                continue
            self._forget(story, member)
        return dropped

    def _forget(self, story: _Story, member: _Member) -> None:
        """Take an evicted member's share out of a story that lives on, so it follows the window."""
        centroid = story.centroid
        dropped = []
        for t, w in zip(member.terms, member.weights, strict=True):
            left = centroid.get(t)
            if left is not None:
                if left - w > 1e-9:
                    centroid[t] = left - w
                else:
                    del centroid[t]
                    dropped.append(t)
        # Per-token decrements: rebuilding the counters would cost the story's whole
        # vocabulary on every eviction, which grows with long-lived stories.
        _decrement(story.title_terms, member.doc.title_tokens)
        _decrement(story.rare_terms, member.rare)
        _decrement(story.place_terms, member.places)
        self._trim(story, gone=dropped)


def _decrement(counts: Counter[str], tokens: Iterable[str]) -> None:
    """Take one off each distinct token's count, dropping tokens that reach zero."""
    for token in dict.fromkeys(tokens):
        left = counts.get(token, 0) - 1
        if left > 0:
            counts[token] = left
        else:
            counts.pop(token, None)


def _top_counted(hits: Counter[str], limit: int) -> list[str]:
    """The ``limit`` keys with the highest counts, ties broken by the smaller key.

    What sorting every (key, count) pair would give, as a set (callers re-sort the scored
    candidates): the ``limit``-th largest count splits the keys into those above it, all
    taken, and those at it, of which the smallest keys fill the rest. Only the few keys at
    the boundary count are compared as strings; most hits share one or two terms.
    """
    if len(hits) <= limit:
        return list(hits)
    floor = sorted(hits.values(), reverse=True)[limit - 1]
    above = [k for k, n in hits.items() if n > floor]
    at = sorted(k for k, n in hits.items() if n == floor)
    return above + at[: limit - len(above)]
