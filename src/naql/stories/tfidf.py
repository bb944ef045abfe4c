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

SparseVector = dict[str, float]
_PLUS_ONE = (1).__add__
_MINUS_ONE = (-1).__add__
_PURGE_EVERY = 5_000


class WindowFrequencies:
    """How many documents in the window contain each token.

    ``add`` and ``remove`` take the *distinct* tokens of one document; the caller keeps
    them so that removal undoes exactly what addition did.
    """

    def __init__(self) -> None:
        self._df: dict[str, int] = {}
        self._docs = 0
        self._removals = 0

    @property
    def documents(self) -> int:
        """Documents currently counted."""
        return self._docs

    def __len__(self) -> int:
        """Distinct tokens in the window."""
        self.purge()
        return len(self._df)

    def add(self, distinct_tokens: Sequence[str]) -> None:
        """Count one document."""
        df = self._df
        # One C-level pass (map, zip, dict.update): this runs for every token of every article.
        df.update(
            zip(
                distinct_tokens,
                map(_PLUS_ONE, map(df.get, distinct_tokens, repeat(0))),
                strict=True,
            )
        )
        self._docs += 1

    def remove(self, distinct_tokens: Sequence[str]) -> None:
        """Uncount one document added earlier with the same tokens.

        Counts that reach zero stay in the table until the next purge (every ``_PURGE_EVERY``
        removals), so memory follows the window while the hot path stays in C.
        """
        df = self._df
        df.update(
            zip(distinct_tokens, map(_MINUS_ONE, map(df.__getitem__, distinct_tokens)), strict=True)
        )
        self._docs = max(0, self._docs - 1)
        self._removals += 1
        if self._removals >= _PURGE_EVERY:
            self.purge()

    def purge(self) -> None:
        """Drop the tokens no document in the window carries any more."""
        df = self._df
        for token in [t for t, n in df.items() if n <= 0]:
            del df[token]
        self._removals = 0

    def table(self) -> Mapping[str, int]:
        """The live token → document count table (read-only use: hot loops read it directly)."""
        return self._df

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen tokens get the highest weight."""
        return math.log((self._docs + 1) / (self._df.get(token, 0) + 1)) + 1.0


def intern_tokens(tokens: Iterable[str]) -> tuple[str, ...]:
    """Tokens as interned strings, so the window's many copies of a word share one object."""
    return tuple(sys.intern(t) for t in tokens)


def weigh(
    counts: Mapping[str, float], frequencies: WindowFrequencies, max_terms: int
) -> SparseVector:
    """The L2-normalized TF-IDF vector of ``counts``, cut to its ``max_terms`` heaviest terms.

    Sublinear tf (1 + log tf) so that a name repeated ten times does not drown the rest.
    Ties in weight break on the token so the cut is the same in every process. One numpy pass
    over the article's distinct tokens (a few hundred): this is the clusterer's hottest loop.
    """
    if not counts:
        return {}
    if min(counts.values()) <= 0:
        counts = {t: tf for t, tf in counts.items() if tf > 0}
        if not counts:
            return {}
    tokens = sorted(counts)  # alphabetical: the stable sort below breaks weight ties on it
    n = len(tokens)
    tf = np.fromiter(map(counts.__getitem__, tokens), dtype=np.float64, count=n)
    df = np.fromiter(map(frequencies.table().get, tokens, repeat(0)), dtype=np.float64, count=n)
    docs_term = math.log(frequencies.documents + 1) + 1.0
    weights = (1.0 + np.log(tf)) * (docs_term - np.log(df + 1.0))
    order = np.argsort(-weights, kind="stable")[:max_terms]
    kept = weights[order]
    length = math.sqrt(float(np.dot(kept, kept))) or 1.0
    return dict(zip([tokens[i] for i in order.tolist()], (kept / length).tolist(), strict=True))


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
