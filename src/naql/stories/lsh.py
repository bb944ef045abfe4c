"""A time-windowed LSH index over MinHash signatures, for finding copies as articles arrive.

Why a window: wire copies are re-run within hours or days, so an index of the last N days
finds them while memory stays bounded on an endless stream. The index holds nothing that is
not derivable from stored signatures, so after a restart the stage rebuilds it by adding the
signatures of the window's articles again (``NearDuplicateIndex.rebuild``).

Why deterministic containers: buckets are insertion-ordered dicts and results are sorted, so
the same arrivals in the same order give the same answers in every process (Python's set
order depends on the per-process string hash seed).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from naql.stories.signature import NUM_PERM, Signature

BANDS = 32


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate copy found by the index, with its estimated similarities."""

    doc_id: str
    jaccard: float
    containment: float


@dataclass(frozen=True, slots=True)
class IndexedSignature:
    """One stored row the index is rebuilt from: what the database keeps per article."""

    doc_id: str
    signature: Signature
    published: datetime


class NearDuplicateIndex:
    """Banded MinHash LSH with eviction by publication time.

    With 128 hashes in 32 bands of 4 rows, a pair at Jaccard 0.5 becomes a candidate with
    probability 1-(1-0.5**4)**32 ≈ 0.87, at 0.6 ≈ 0.98, at 0.8 > 0.9999. Candidates are
    then checked against the signature itself, so the bands only decide what is compared.

    Not thread-safe: one stage worker owns one index. Datetimes must all be aware (UTC) or
    all naive; they are only compared with each other.
    """

    def __init__(self, num_perm: int = NUM_PERM, bands: int = BANDS) -> None:
        if num_perm % bands:
            raise ValueError("the number of hashes must be a multiple of the number of bands")
        self._rows = num_perm // bands
        self._bands = bands
        self._num_perm = num_perm
        # A bucket is one doc id while it holds one (most do: one small dict per band and
        # article would be most of the index's memory), and a dict of ids once shared.
        self._buckets: list[dict[bytes, str | dict[str, None]]] = [{} for _ in range(bands)]
        self._docs: dict[str, tuple[Signature, datetime]] = {}
        self._by_time: list[tuple[datetime, int, str]] = []
        self._seq = 0

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def signature(self, doc_id: str) -> Signature:
        """The indexed signature of ``doc_id`` (``KeyError`` when it is not in the window)."""
        return self._docs[doc_id][0]

    def _keys(self, signature: Signature) -> list[bytes]:
        if signature.num_perm != self._num_perm:
            raise ValueError("signature has a different number of hashes than the index")
        width = 4 * self._rows
        v = signature.values
        return [v[i * width : (i + 1) * width] for i in range(self._bands)]

    def add(self, doc_id: str, signature: Signature, published: datetime) -> None:
        """Index one article; adding an id again replaces its earlier signature."""
        if doc_id in self._docs:
            self.remove(doc_id)
        if signature.size == 0:
            return  # an empty text has no copies worth finding
        for band, key in zip(self._buckets, self._keys(signature), strict=True):
            bucket = band.setdefault(key, doc_id)
            if bucket != doc_id:
                if isinstance(bucket, str):
                    band[key] = {bucket: None, doc_id: None}
                else:
                    bucket[doc_id] = None
        self._docs[doc_id] = (signature, published)
        self._seq += 1
        heapq.heappush(self._by_time, (published, self._seq, doc_id))

    def remove(self, doc_id: str) -> None:
        """Forget one article (deleted, or evicted); unknown ids are ignored."""
        entry = self._docs.pop(doc_id, None)
        if entry is None:
            return
        for band, key in zip(self._buckets, self._keys(entry[0]), strict=True):
            bucket = band.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                if bucket == doc_id:
                    del band[key]
                continue
            bucket.pop(doc_id, None)
            if len(bucket) == 1:
                band[key] = next(iter(bucket))

    def query(self, signature: Signature, limit: int = 50) -> list[Match]:
        """Indexed articles sharing a band with ``signature``, most similar first.

        Sorted by (estimated Jaccard desc, containment desc, doc id) so ties are stable.
        """
        if signature.size == 0:
            return []
        seen: dict[str, None] = {}
        for band, key in zip(self._buckets, self._keys(signature), strict=True):
            bucket = band.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                seen[bucket] = None
            else:
                seen.update(bucket)
        matches = []
        for doc_id in seen:
            other = self._docs[doc_id][0]
            matches.append(Match(doc_id, signature.jaccard(other), signature.containment(other)))
        matches.sort(key=lambda m: (-m.jaccard, -m.containment, m.doc_id))
        return matches[:limit]

    def evict_older_than(self, cutoff: datetime) -> int:
        """Drop every article published before ``cutoff``; returns how many were dropped."""
        dropped = 0
        while self._by_time and self._by_time[0][0] < cutoff:
            _, _, doc_id = heapq.heappop(self._by_time)
            entry = self._docs.get(doc_id)
            # A re-added id leaves a stale heap entry behind; only the live one counts.
            if entry is not None and entry[1] < cutoff:
                self.remove(doc_id)
                dropped += 1
        return dropped

    @classmethod
    def rebuild(
        cls, rows: Iterable[IndexedSignature], num_perm: int = NUM_PERM
    ) -> NearDuplicateIndex:
        """A fresh index holding ``rows`` (the stored signatures of the last window)."""
        index = cls(num_perm=num_perm)
        for row in rows:
            index.add(row.doc_id, row.signature, row.published)
        return index
