"""The known-item query set for the search benchmark, built from ../shared/data/articles.

Why known items: each query is written for one article, from the distinctive words of its
title, and spelled the way readers type rather than the way the outlet printed it — with or
without ال, with a و/ب/ل in front, another alef or hamza seat, ة for ه, diacritics,
Arabic-Indic digits. The score is where that article (or a verbatim copy of it from another
outlet) ranks. Nothing here is saved: the set is regenerated, seeded, from the shared data,
which must not be copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from naql.text import STOP_WORDS, normalize

CORPORA = (
    "saudinewsnet.dev.jsonl.gz",
    "ant_multisource.dev.jsonl.gz",
    "ant_v1_jawharafm.dev.jsonl.gz",
)
_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_HARAKAT = "\u064e\u064f\u0650\u0652\u0651\u064b"
_STOP = frozenset(normalize(w) for w in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class Doc:
    """One corpus article."""

    key: str
    source: str
    source_name: str
    url: str
    title: str
    body: str
    published: dt.datetime


@dataclass(frozen=True, slots=True)
class KnownItem:
    """A query, the article it was written for, its verbatim-title copies, how it was spelt."""

    query: str
    target: str
    relevant: frozenset[str]
    kinds: tuple[str, ...]


def _published(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value) if value else dt.datetime(2015, 1, 1)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def load_corpus(data: Path) -> list[Doc]:
    """All dev articles of the three corpora, in file order; duplicate URLs dropped."""
    docs: list[Doc] = []
    seen: set[str] = set()
    for name in CORPORA:
        with gzip.open(data / "articles" / name, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["url"] in seen or not r["body"]:
                    continue
                seen.add(r["url"])
                docs.append(
                    Doc(
                        r["id"],
                        r["source"],
                        r["source_name"],
                        r["url"],
                        r["title"] or "",
                        r["body"],
                        _published(r.get("published") or ""),
                    )
                )
    return docs


# Each respelling returns None when it does not apply to the word.
def _article(w: str, rng: random.Random) -> str | None:
    if not _ARABIC_WORD.match(w):
        return None
    if w.startswith("ال"):
        return w[2:] if len(w) > 4 else None
    # Readers add ال to nouns, not to verbs (ي/ت/ن…), clitic-led words or pronoun-suffixed ones.
    if w[0] in "وفبكلينت" or w.endswith(("ه", "ها", "هم")):
        return None
    return "ال" + w


def _proclitic(w: str, rng: random.Random) -> str | None:
    if not _ARABIC_WORD.match(w) or w[0] in "وبل":
        return None
    p = rng.choice("وبل")
    return "لل" + w[2:] if p == "ل" and w.startswith("ال") else p + w


def _alef(w: str, rng: random.Random) -> str | None:
    if any(c in w for c in "أإآ"):
        return re.sub("[أإآ]", "ا", w)
    if w.startswith("ال"):
        return "ال" + rng.choice("أإ") + w[3:] if len(w) > 3 and w[2] == "ا" else None
    if w.startswith("ا") and len(w) > 2:
        return rng.choice("أإ") + w[1:]
    return None


def _hamza(w: str, rng: random.Random) -> str | None:
    if "ؤ" in w or "ئ" in w:
        return w.replace("ؤ", "#").replace("ئ", "ؤ").replace("#", "ئ")
    return None


def _ending(w: str, rng: random.Random) -> str | None:
    swaps = {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}
    return w[:-1] + swaps[w[-1]] if len(w) > 2 and w[-1] in swaps else None


def _diacritics(w: str, rng: random.Random) -> str | None:
    if not _ARABIC_WORD.match(w):
        return None
    return "".join(
        c + (rng.choice(_HARAKAT) if c not in "اوي" and rng.random() < 0.5 else "") for c in w
    )


def _digits(w: str, rng: random.Random) -> str | None:
    if not any(c.isdigit() for c in w):
        return None
    return w.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


RESPELLINGS: dict[str, Callable[[str, random.Random], str | None]] = {
    "article": _article,
    "proclitic": _proclitic,
    "alef": _alef,
    "hamza": _hamza,
    "ending": _ending,
    "diacritics": _diacritics,
    "digits": _digits,
}


def _content_words(title: str) -> list[str]:
    return [
        w
        for w in _WORD.findall(title)
        if len(normalize(w)) >= 3 and normalize(w) not in _STOP and "_" not in w
    ]


def build_queries(docs: list[Doc], n: int = 400, seed: int = 5) -> list[KnownItem]:
    """``n`` known-item queries: the 2–3 rarest title words of a random article, respelt."""
    rng = random.Random(seed)
    df = Counter(normalize(w) for d in docs for w in set(_content_words(d.title)))
    by_title: dict[str, set[str]] = {}
    for d in docs:
        by_title.setdefault(normalize(d.title), set()).add(d.key)
    order = list(range(len(docs)))
    rng.shuffle(order)
    items: list[KnownItem] = []
    for i in order:
        if len(items) >= n:
            break
        doc = docs[i]
        words = _content_words(doc.title)
        if len(words) < 3:
            continue
        rare = set(sorted(words, key=lambda w: df[normalize(w)])[: rng.choice((2, 3, 3))])
        chosen = [w for w in words if w in rare]
        typed, kinds = [], []
        for w in chosen:
            applicable = [(k, out) for k, f in RESPELLINGS.items() if (out := f(w, rng))]
            if applicable and (rng.random() < 0.7 or not kinds):
                kind, out = rng.choice(applicable)
                typed.append(out)
                kinds.append(kind)
            else:
                typed.append(w)
        relevant = frozenset(by_title[normalize(doc.title)])
        items.append(KnownItem(" ".join(typed), doc.key, relevant, tuple(kinds) or ("plain",)))
    return items
