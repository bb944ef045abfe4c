"""Character folding: the spellings Arabic readers use interchangeably become one form.

Why per character: every step here maps one input character to a fixed string, so
``normalize`` is a ``str.translate`` (fast, in C) and the offset of every normalized
character back in the original text is known exactly, which is what highlighting needs.
Whole-string NFKC would compose across characters (``ا`` + madda → ``آ``), but with the
marks removed and the alef forms folded the result is the same for Arabic.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

# Harakat, shadda, sukun, superscript alef, Quranic annotation marks, tatweel, and the
# invisible controls (zero-width, bidi embeddings/isolates, Arabic letter mark, soft hyphen,
# BOM) that copy-pasted text carries and readers never type.
_REMOVED = frozenset(
    [
        *range(0x0610, 0x061B),
        *range(0x064B, 0x0660),
        0x0670,
        *range(0x06D6, 0x06EE),
        0x0640,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0x061C,
        0x00AD,
        0xFEFF,
    ]
)
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
    "ی": "ي", "ې": "ي", "ک": "ك", "ۀ": "ه", "ە": "ه",  # Persian/Urdu letter forms
}  # fmt: skip
_DIGITS = {chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)}


class Hamza(Enum):
    """How hamza on a carrier (ؤ ئ) is folded. Readers write مسؤول, مسئول and مسوول for one
    word; the benchmark (benchmarks/RESULTS.md) measures which folding finds most."""

    KEEP = "keep"  # ؤ and ئ stay as they are
    CARRIER = "carrier"  # ؤ → و, ئ → ي (drop the hamza, keep the seat)
    BARE = "bare"  # ؤ, ئ → ء (keep the hamza, drop the seat)


@dataclass(frozen=True, slots=True)
class Folding:
    """The choices normalization makes; the default is the measured best."""

    hamza: Hamza = Hamza.BARE


def _fold_once(char: str, folding: Folding) -> str:
    out = []
    for raw in unicodedata.normalize("NFKC", char).casefold():
        if ord(raw) in _REMOVED:
            continue
        c = _DIGITS.get(raw) or _LETTERS.get(raw) or raw
        if c in "ؤئ" and folding.hamza is Hamza.CARRIER:
            c = "و" if c == "ؤ" else "ي"
        elif c in "ؤئ" and folding.hamza is Hamza.BARE:
            c = "ء"
        out.append(c)
    return "".join(out)


def fold_char(char: str, folding: Folding) -> str:
    """What one character becomes; applied until stable so that folding is idempotent."""
    current = char
    for _ in range(4):
        nxt = "".join(_fold_once(c, folding) for c in current)
        if nxt == current:
            break
        current = nxt
    return current


class FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character.

    Why lazy: the table would otherwise cover all of Unicode; a news corpus uses a few
    hundred characters, each computed once per table. The owner (an ``Analyzer``) holds it.
    """

    __slots__ = ("folding",)

    def __init__(self, folding: Folding) -> None:
        super().__init__()
        self.folding = folding

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint), self.folding)
        self[codepoint] = folded
        return folded
