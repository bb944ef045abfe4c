"""Reader's query text → a structured query, before any database is involved.

Grammar (whitespace separates items; everything is optional)::

    word          must appear (all words by default)
    "a phrase"    these words in this order
    -word -"…"    must not appear
    a OR b        either (also ``|``); binds the items on each side
    source:slug   section:slug   from:YYYY-MM-DD   to:YYYY-MM-DD

Why limits: a 10,000-character paste must cost no more than a sensible query, so the text
is cut at ``MAX_QUERY_CHARS`` and at most ``MAX_TERMS`` terms are kept. Stop words are dropped
from plain words (they would match nearly every article) but kept inside phrases.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum

from naql.text import DEFAULT_ANALYZER, Analyzer, query_variants

MAX_QUERY_CHARS = 500
MAX_TERMS = 12
MAX_PHRASE_TOKENS = 12
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_FILTER_KEYS = {"source": "source", "section": "section", "from": "date_from", "to": "date_to"}


class Notice(Enum):
    """Why a query returned nothing without searching; the page says it to the reader."""

    NONE = ""
    EMPTY = "empty"
    STOP_WORDS_ONLY = "stop_words_only"
    EXCLUSIONS_ONLY = "exclusions_only"


@dataclass(frozen=True, slots=True)
class Term:
    """One matchable unit: a word (``stems`` are alternatives, any may match) or a phrase
    (``stems`` in order, all must match adjacently)."""

    stems: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions that are not text: outlet, section, publication date range (inclusive)."""

    source: str | None = None
    section: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """``required`` is a conjunction of clauses; each clause is a disjunction of terms."""

    required: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: Filters = field(default_factory=Filters)
    notice: Notice = Notice.NONE
    truncated: bool = False

    @property
    def highlight_stems(self) -> frozenset[str]:
        """Every stem a matching article may contain, for marking the snippet."""
        return frozenset(s for clause in self.required for term in clause for s in term.stems)


def _word_term(word: str, analyzer: Analyzer) -> Term | None:
    """A typed word → a term; None for a stop word. A word the analyzer splits (``G7-قمة``)
    becomes a phrase of its parts."""
    tokens = analyzer.tokenize(analyzer.normalize(word))
    if not tokens:
        return None
    if len(tokens) > 1:
        return Term(tuple(analyzer.stem(t) for t in tokens[:MAX_PHRASE_TOKENS]), phrase=True)
    token = tokens[0]
    if analyzer.is_stop_word(token):
        return None
    stems = dict.fromkeys(analyzer.stem(v) for v in query_variants(token))
    return Term(tuple(stems))


def _phrase_term(text: str, analyzer: Analyzer) -> Term | None:
    tokens = analyzer.tokenize(analyzer.normalize(text))[:MAX_PHRASE_TOKENS]
    if not tokens:
        return None
    stems = tuple(analyzer.stem(t) for t in tokens)
    return Term(stems, phrase=len(stems) > 1)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filter(item: str, filters: dict[str, object]) -> bool:
    """Record ``key:value`` if it is a known filter; False if the item is a plain word."""
    key, sep, value = item.partition(":")
    name = _FILTER_KEYS.get(key.lower())
    if not sep or name is None or not value:
        return False
    filters[name] = _date(value) if name.startswith("date_") else value
    return True


def parse_query(  # noqa: PLR0912 (one flat loop over the grammar reads best)
    text: str, analyzer: Analyzer = DEFAULT_ANALYZER
) -> ParsedQuery:
    """Parse what a reader typed; never raises, whatever the input."""
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    filters: dict[str, object] = {}
    join_next = False
    saw_stop_word = False
    for m in _ITEM.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare in ("OR", "|"):
            join_next = bool(clauses)
            continue
        if bare is not None and _filter(bare, filters):
            continue
        if quoted is not None:
            term = _phrase_term(quoted, analyzer)
        elif bare.startswith("-") and len(bare) > 1:
            negated, term = "-", _word_term(bare[1:], analyzer)
        else:
            term = _word_term(bare, analyzer)
        if term is None:
            raw = bare if quoted is None else quoted
            saw_stop_word = saw_stop_word or bool(analyzer.tokenize(analyzer.normalize(raw)))
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        elif len(clauses) < MAX_TERMS:
            clauses.append([term])
        else:
            truncated = True
        join_next = False
    notice = Notice.NONE
    if not clauses:
        if excluded:
            notice = Notice.EXCLUSIONS_ONLY
        elif saw_stop_word:
            notice = Notice.STOP_WORDS_ONLY
        else:
            notice = Notice.EMPTY
    return ParsedQuery(
        required=tuple(tuple(c) for c in clauses),
        excluded=tuple(excluded[:MAX_TERMS]),
        filters=Filters(**filters),  # type: ignore[arg-type]
        notice=notice,
        truncated=truncated,
    )
