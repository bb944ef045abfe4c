"""Document frequencies over a sliding window, and the sparse TF-IDF vectors built from them.

Why window statistics rather than a fixed vocabulary: what is rare this week (a town's name,
a minister's) is what tells one event from another, and that changes every week. Counting
document frequency over the same window the clusterer keeps means a token's weight follows
the news, and memory follows the window.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import mul

import numpy as np
import numpy.typing as npt

SparseVector = dict[str, float]
_PURGE_EVERY = 5_000


class WindowFrequencies:
    """How many documents in the window contain each token.

    Tokens get small integer ids on first sight and the counts live in one numpy array
    indexed by id: a document is counted and uncounted by one vectorised step over its ids,
    and the caller keeps the ids (4 bytes a token) so that removal undoes exactly what
    addition did without hashing the evicted document's strings again (on a large window
    every such hash read is a cache miss). Ids of tokens no document carries any more are
    recycled at the next purge (every ``_PURGE_EVERY`` removals), so memory follows the
    window's vocabulary.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._tokens: list[str | None] = []
        self._free: list[int] = []
        self._df: npt.NDArray[np.int32] = np.zeros(1024, dtype=np.int32)
        self._docs = 0
        self._removals = 0

    @property
    def documents(self) -> int:
        """Documents currently counted."""
        return self._docs

    def __len__(self) -> int:
        """Distinct tokens in the window."""
        self.purge()
        return len(self._ids)

    def ids(self, distinct_tokens: Sequence[str]) -> npt.NDArray[np.int32]:
        """The ids of distinct tokens, giving new ids to tokens not seen yet."""
        ids = np.fromiter(
            map(self._ids.get, distinct_tokens, repeat(-1)),
            dtype=np.int32,
            count=len(distinct_tokens),
        )
        if ids.size and ids.min() < 0:
            for i in np.flatnonzero(ids < 0).tolist():
                ids[i] = self._new_id(distinct_tokens[i])
        return ids

    def _new_id(self, token: str) -> int:
        if self._free:
            i = self._free.pop()
            self._tokens[i] = token
        else:
            i = len(self._tokens)
            self._tokens.append(token)
            if i >= self._df.size:
                grown = np.zeros(2 * self._df.size, dtype=np.int32)
                grown[: self._df.size] = self._df
                self._df = grown
        self._ids[token] = i
        return i

    def add(self, distinct_tokens: Sequence[str]) -> npt.NDArray[np.int32]:
        """Count one document; returns its token ids (keep them for ``remove``)."""
        ids = self.ids(distinct_tokens)
        self._df[ids] += 1  # ids are distinct: plain fancy indexing counts each once
        self._docs += 1
        return ids

    def remove(self, ids: npt.NDArray[np.int32]) -> None:
        """Uncount one document added earlier, by the ids ``add`` returned."""
        self._df[ids] -= 1
        self._docs = max(0, self._docs - 1)
        self._removals += 1
        if self._removals >= _PURGE_EVERY:
            self.purge()

    def purge(self) -> None:
        """Forget the tokens no document in the window carries any more (their ids are reused)."""
        tokens = self._tokens
        for i in np.flatnonzero(self._df[: len(tokens)] <= 0).tolist():
            token = tokens[i]
            if token is not None:
                del self._ids[token]
                tokens[i] = None
                self._free.append(i)
        self._removals = 0

    def counts(self, ids: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """Document counts of the tokens ``ids``."""
        return self._df[ids]

    def count(self, token: str) -> int:
        """Document count of one token (0 when no document in the window has it)."""
        i = self._ids.get(token)
        return 0 if i is None else int(self._df[i])

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen tokens get the highest weight."""
        return math.log((self._docs + 1) / (self.count(token) + 1)) + 1.0


def intern_tokens(tokens: Iterable[str]) -> tuple[str, ...]:
    """Tokens as interned strings, so the window's many copies of a word share one object."""
    return tuple(sys.intern(t) for t in tokens)


def weigh_sorted(
    tokens: Sequence[str],
    tf: Sequence[float],
    df: npt.NDArray[np.int32],
    documents: int,
    max_terms: int,
) -> tuple[SparseVector, list[int]]:
    """The weighted vector of alphabetically sorted ``tokens``, and the kept terms' counts.

    Sublinear tf (1 + log tf) so that a name repeated ten times does not drown the rest.
    Ties in weight break on the token (the stable sort keeps alphabetical order) so the cut
    is the same in every process. One numpy pass over the article's distinct tokens.
    """
    n = len(tokens)
    if not n:
        return {}, []
    tfs = np.fromiter(tf, dtype=np.float64, count=n)
    if tfs.min() <= 0:
        keep = np.flatnonzero(tfs > 0)
        if not keep.size:
            return {}, []
        tokens = [tokens[i] for i in keep.tolist()]
        tfs, df = tfs[keep], df[keep]
    docs_term = math.log(documents + 1) + 1.0
    weights = (1.0 + np.log(tfs)) * (docs_term - np.log(df + 1.0))
    order = np.argsort(-weights, kind="stable")[:max_terms]
    kept = weights[order]
    length = math.sqrt(float(np.dot(kept, kept))) or 1.0
    picked = order.tolist()
    vector = dict(zip([tokens[i] for i in picked], (kept / length).tolist(), strict=True))
    return vector, df[order].tolist()


def term_counts(title: Iterable[str], body: Iterable[str], title_weight: float) -> dict[str, float]:
    """Token counts of one article, with title tokens counted ``title_weight`` times."""
    counts: dict[str, float] = dict(Counter(body))
    for token in title:
        counts[token] = counts.get(token, 0.0) + title_weight
    return counts


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (iterates ``a``: pass the shorter one first).

    ``fsum`` is exactly rounded, so the result does not depend on the order of the terms.
    Absent terms contribute exact zeros. Probing ``b`` with ``a``'s keys, all in C, never
    reads ``b``'s key strings (a set intersection would hash every one of them: on this
    workload each such read is a cache miss).
    """
    return math.fsum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def norm(a: Mapping[str, float]) -> float:
    """Euclidean length of a sparse vector."""
    return math.sqrt(sum(w * w for w in a.values()))
