"""The Arabic analyzer: normalize → tokenize → stem, and the map from tokens back to the
original text.

Why an object: the fold table and the stem cache are state; an ``Analyzer`` owns them (no
module-level caches), and the benchmark builds one per configuration it compares. The
module-level ``analyze``/``normalize``/``tokenize`` use one default analyzer, which is
pure as seen from outside (its caches only remember answers).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, islice

import Stemmer

from naql.text.normalize import Folding, FoldTable
from naql.text.stem import StemmerKind, light_stem
from naql.text.stopwords import STOP_WORDS

# Letters, marks-free digits and numbers; the underscore splits (#عاصي_الحلاني is two words)
# and so does every punctuation mark, Arabic (، ؛ ؟ « ») or Latin.
_TOKEN = re.compile(r"[^\W_]+")
_STEM_CACHE_LIMIT = 500_000


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """An analyzer token and where it came from: ``text[start:end]`` in the original."""

    token: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """What an analyzer does; the default is what the benchmark measured best."""

    folding: Folding = field(default_factory=Folding)
    stemmer: StemmerKind = StemmerKind.LIGHT


class _StemCache(dict[str, str]):
    """token → stem, filled on first sight, so that ``analyze`` is a ``map`` over a dict
    lookup (no Python bytecode per token once a word has been seen)."""

    __slots__ = ("stemmer",)

    def __init__(self, stemmer: Callable[[str], str]) -> None:
        super().__init__()
        self.stemmer = stemmer

    def __missing__(self, token: str) -> str:
        stem = self.stemmer(token)
        if len(self) < _STEM_CACHE_LIMIT:
            self[token] = stem
        return stem


@dataclass(frozen=True, slots=True)
class Analyzer:
    """One configured analyzer. Thread-safe enough for CPython: its caches only grow with
    values that are the same whichever thread computes them."""

    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)
    _fold: FoldTable = field(init=False, repr=False, compare=False)
    _stems: _StemCache = field(init=False, repr=False, compare=False)
    _snowball: Stemmer.Stemmer | None = field(init=False, repr=False, compare=False)
    _stop: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fold", FoldTable(self.config.folding))
        object.__setattr__(self, "_stems", _StemCache(self._stem_uncached))
        snowball = self.config.stemmer is StemmerKind.SNOWBALL
        object.__setattr__(self, "_snowball", Stemmer.Stemmer("arabic") if snowball else None)
        object.__setattr__(self, "_stop", frozenset(w.translate(self._fold) for w in STOP_WORDS))

    def normalize(self, text: str) -> str:
        """Fold presentation forms, marks, controls, alef/ya/ta-marbuta/hamza forms, digits
        and case, one character at a time (so offsets map back; see ``spans``)."""
        return text.translate(self._fold)

    def tokenize(self, text: str) -> list[str]:
        """Split normalized text into word and number tokens."""
        return _TOKEN.findall(text)

    def _stem_uncached(self, token: str) -> str:
        if self.config.stemmer is StemmerKind.LIGHT:
            return light_stem(token)
        if self._snowball is not None:
            return str(self._snowball.stemWord(token))
        return token

    def stem(self, token: str) -> str:
        """The index form of one normalized token."""
        return self._stems[token]

    def analyze(self, text: str) -> list[str]:
        """The tokens every index and fingerprint is built from, in text order."""
        return self.stems_of(text.translate(self._fold))

    def spans(
        self, text: str, first: int = 0, count: int | None = None, *, normalized: str | None = None
    ) -> list[TokenSpan]:
        """``analyze(text)[first:first + count]`` with each token's span in the original.

        Normalization maps each character to a fixed string, so the normalized offset of
        every original character is a running sum; a token covers the original characters
        whose normalized pieces it overlaps. Removed characters (marks, tatweel) inside or
        right after a word fall inside its span, so ``<mark>`` wraps the word as the reader
        sees it. Only the prefix of ``text`` up to the last wanted token is mapped, so a
        snippet window costs little more than ``analyze``. A caller that has already
        normalized ``text`` passes it as ``normalized``.
        """
        fold = self._fold
        if normalized is None:
            normalized = text.translate(fold)
        stop = None if count is None else first + count
        matches = list(islice(_TOKEN.finditer(normalized), first, stop))
        if not matches:
            return []
        need = matches[-1].end()
        limit = need + 64
        while True:  # normalized end offset of each original char, builtins only
            ends = list(accumulate(map(len, map(fold.__getitem__, map(ord, text[:limit])))))
            if limit >= len(text) or ends[-1] > need:
                break
            limit *= 2
        stems, last = self._stems, len(ends) - 1
        out: list[TokenSpan] = []
        for m in matches:
            i = bisect_right(ends, m.start())  # first char whose piece reaches into the token
            j = bisect_left(ends, m.end(), i)  # the char whose piece ends the token
            while j < last and ends[j + 1] == ends[j]:  # trailing removed marks
                j += 1
            out.append(TokenSpan(stems[m.group()], i, j + 1))
        return out

    def stems_of(self, normalized: str) -> list[str]:
        """``analyze`` of text already passed through ``normalize``."""
        return list(map(self._stems.__getitem__, _TOKEN.findall(normalized)))

    def is_stop_word(self, normalized_token: str) -> bool:
        """Whether a normalized (not yet stemmed) token is a function word."""
        return normalized_token in self._stop


DEFAULT_ANALYZER = Analyzer()


def normalize(text: str) -> str:
    """Fold the spellings readers use interchangeably into one form (see ``Analyzer``)."""
    return DEFAULT_ANALYZER.normalize(text)


def tokenize(text: str) -> list[str]:
    """Split normalized text into word and number tokens."""
    return DEFAULT_ANALYZER.tokenize(text)


def analyze(text: str) -> list[str]:
    """Normalize, tokenize and stem: the tokens every index and fingerprint is built from."""
    return DEFAULT_ANALYZER.analyze(text)


def token_spans(text: str) -> list[TokenSpan]:
    """``analyze(text)`` with each token's span in the original text, for highlighting."""
    return DEFAULT_ANALYZER.spans(text)
