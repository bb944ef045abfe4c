"""Fact marks: the numbers and ordinals of a text, the slots a template fills in.

Why: the copy decision compares word shingles, and templated notices share nearly all of
them — the 4th and the 5th relief plane to Aden "carrying 10 tonnes" and "12 tonnes", one
day's weather report and the next, a congratulation cable to one president and to another.
What differs is *which one*, *how many* and *where*. A re-run of one wire story keeps those
facts: an outlet that adds an intro adds facts to its side only, one that drops a paragraph
loses facts from its side only. When **each** side has a fact the other lacks (a conflict),
the two are different events filled into one template, whatever the shingles say.

Measured on the SaudiNewsNet silver pairs (benchmarks/RESULTS.md): a number conflict occurs in
0.3% of the pairs with word-5 Jaccard ≥ 0.8. Places were tried as well and left out: they
conflict between true copies far more often (datelines, an outlet's tags naming a city).

Marks are 32-bit hashes (``zlib.crc32``, stable across processes). A bottom-k sample bounds
number-heavy texts (tables, results); two copies keep the same sample, and conflicts are only
looked for below the smaller of the two samples' largest hash, where both samples are complete.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from naql.text import analyze

MAX_MARKS = 32

# Ordinals as the analyzer stems them ("الرابعة" → "رابع"): "the 4th plane", "the 5th round".
_ORDINALS_TEXT = "الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة"
# Digits inside a token: the analyzer keeps "بـ10" as "ب10" and "2013م" as "و2013م".
_DIGITS = re.compile(r"\d{2,}")


def ordinal_vocabulary() -> frozenset[str]:
    """Analyzed ordinal tokens ("second" … "tenth")."""
    return frozenset(t for name in _ORDINALS_TEXT.split() for t in analyze(name) if len(t) >= 3)


def _bottom(values: set[str], limit: int) -> tuple[int, ...]:
    # A sort of the (usually few) hashes: what heapq.nsmallest returns, without its Python loop.
    return tuple(sorted(map(zlib.crc32, map(str.encode, values)))[:limit])


def number_marks(
    tokens: Sequence[str], ordinals: frozenset[str], limit: int = MAX_MARKS
) -> tuple[int, ...]:
    """Sorted bottom-``limit`` hashes of the text's numbers (two digits or more) and ordinals.

    One-digit numbers are left out: list items, paragraph numbers, "one of two".
    """
    found = {"#" + t for t in ordinals.intersection(tokens)}
    found.update(_DIGITS.findall(" ".join(tokens)))
    return _bottom(found, limit)


def conflict(a: Sequence[int], b: Sequence[int], limit: int = MAX_MARKS) -> bool:
    """True when each of two sorted mark samples has a mark the other lacks."""
    if not a or not b:
        return False
    cut = min(a[-1] if len(a) >= limit else 2**32, b[-1] if len(b) >= limit else 2**32)
    sa = {x for x in a if x <= cut}
    sb = {x for x in b if x <= cut}
    return bool(sa - sb) and bool(sb - sa)
