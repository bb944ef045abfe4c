"""Stemmers that take a normalized token to the form the index stores.

``light`` is a light10-style affix stripper (Larkey et al. 2007) with one change:
single-letter proclitics (و ف ب ك ل) are *not* stripped at index time, because they are
also the first letter of many words (وزارة، بريطانيا، فرنسا) and stripping them makes
``بريطانيا`` and ``لبريطانيا`` stem apart; the query side tries the word with and without
them instead (``query_variants``). ``snowball`` is PyStemmer's Arabic
Snowball stemmer; ``none`` keeps the normalized token. The benchmark compares all three.
"""

from __future__ import annotations

from enum import Enum

# Definite article with its attached prepositions, longest first.
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "يه", "ين", "ه", "ي")
_CLITICS = ("وف", "بكل")
_KEEP = frozenset({"الله", "اله"})


class StemmerKind(Enum):
    """Which stemmer an analyzer uses."""

    LIGHT = "light"
    SNOWBALL = "snowball"
    NONE = "none"


def _is_arabic(token: str) -> bool:
    return "\u0621" <= token[0] <= "\u064a"


def light_stem(token: str) -> str:
    """Strip one definite article, then each suffix in turn, keeping at least 2 letters
    (3 for two-letter suffixes, whose removal from short words merges unrelated roots).
    Latin words and numbers come back unchanged."""
    if not token or not _is_arabic(token) or token in _KEEP:
        return token
    for article in _ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= 2:
            token = token[len(article) :]
            break
    for suffix in _SUFFIXES:  # light10: each suffix in turn, so السعوديون → سعودي → سعود
        keep = 3 if len(suffix) == 2 else 2
        if token.endswith(suffix) and len(token) - len(suffix) >= keep:
            token = token[: -len(suffix)]
    return token


def query_variants(token: str) -> tuple[str, ...]:
    """Normalized-token forms a reader's word may have been indexed under: the word itself
    and the word without a leading و/ف and one of ب/ك/ل (``وبالرياض`` → ``بالرياض``),
    keeping at least 3 letters. The caller stems each and ORs them."""
    out = [token]
    if not token or not _is_arabic(token):
        return tuple(out)
    rest = token
    for letters in _CLITICS:  # a conjunction, then a preposition: و + ب + بريطانيا
        if len(rest) >= 5 and rest[0] in letters and not rest.startswith("ال"):
            rest = rest[1:]
            out.append(rest)
    return tuple(out)
