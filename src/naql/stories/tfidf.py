"""Document frequencies over a sliding window, and the sparse TF-IDF vectors built from them.

Why window statistics rather than a fixed vocabulary: what is rare this week (a town's name,
a minister's) is what tells one event from another, and that changes every week. Counting
document frequency over the same window the clusterer keeps means a token's weight follows
the news, and memory follows the window.
"""

from __future__ import annotations

import heapq
import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping

SparseVector = dict[str, float]


class WindowFrequencies:
    """How many documents in the window contain each token.

    ``add`` and ``remove`` take the *distinct* tokens of one document; the caller keeps
    them so that removal undoes exactly what addition did.
    """

    def __init__(self) -> None:
        self._df: dict[str, int] = {}
        self._docs = 0

    @property
    def documents(self) -> int:
        """Documents currently counted."""
        return self._docs

    def __len__(self) -> int:
        return len(self._df)

    def add(self, distinct_tokens: Iterable[str]) -> None:
        """Count one document."""
        df = self._df
        for token in distinct_tokens:
            df[token] = df.get(token, 0) + 1
        self._docs += 1

    def remove(self, distinct_tokens: Iterable[str]) -> None:
        """Uncount one document added earlier with the same tokens."""
        df = self._df
        for token in distinct_tokens:
            left = df.get(token, 0) - 1
            if left > 0:
                df[token] = left
            else:
                df.pop(token, None)
        self._docs = max(0, self._docs - 1)

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
    Ties in weight break on the token so the cut is the same in every process.
    """
    docs_term = math.log(frequencies.documents + 1) + 1.0
    df = frequencies.table()
    log = math.log
    weights = [
        (token, (1.0 + log(tf)) * (docs_term - log(df.get(token, 0) + 1)))
        for token, tf in counts.items()
        if tf > 0
    ]
    kept = heapq.nsmallest(max_terms, weights, key=lambda tw: (-tw[1], tw[0]))
    length = math.sqrt(math.fsum([w * w for _, w in kept])) or 1.0
    return {token: w / length for token, w in kept}


def term_counts(title: Iterable[str], body: Iterable[str], title_weight: float) -> dict[str, float]:
    """Token counts of one article, with title tokens counted ``title_weight`` times."""
    counts: dict[str, float] = dict(Counter(body))
    for token in title:
        counts[token] = counts.get(token, 0.0) + title_weight
    return counts


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (iterates the smaller one)."""
    # The key-set intersection runs in C; the window's vectors share few terms.
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def norm(a: Mapping[str, float]) -> float:
    """Euclidean length of a sparse vector."""
    return math.sqrt(sum(w * w for w in a.values()))
