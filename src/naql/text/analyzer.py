"""First cut of the Arabic analyzer: normalize → tokenize → light stem.

Why one module for now: the three steps are small; they split when they grow.
"""

from __future__ import annotations

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[\w\u0600-\u06ff]+", re.UNICODE)
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ي")


def normalize(text: str) -> str:
    """Fold the spellings readers use interchangeably into one form (case, alef, ة, digits)."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    return text.translate(_ALEF).translate(_DIGITS).casefold()


def tokenize(text: str) -> list[str]:
    """Split normalized text into word and number tokens."""
    return _TOKEN.findall(text)


def _stem(token: str) -> str:
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            token = token[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            token = token[: -len(suffix)]
            break
    return token


def analyze(text: str) -> list[str]:
    """Normalize, tokenize and stem: the tokens every index and fingerprint is built from."""
    return [_stem(t) for t in tokenize(normalize(text))]
