"""Small text helpers shared by the extraction modules.

Arabic pages mix Arabic-Indic (٠١٢) and Persian (۰۱۲) digits with Latin ones, and write the same
word with several alef and yeh forms; dates and boilerplate are only matched reliably after folding
those differences, while the text we return keeps the page's own spelling.
"""

from __future__ import annotations

import re

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ALEF = re.compile("[أإآٱ]")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ANY_DIGIT = re.compile("[٠-٩۰-۹]")
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_PERSIAN_ONLY = re.compile("[پچژگکی]")
_WORD = re.compile(r"\w+")


def fold_space(text: str) -> str:
    """One space between words, none at the ends: HTML whitespace carries no meaning."""
    return _SPACE.sub(" ", text).strip()


def latin_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits, so one number parser serves all."""
    # str.translate walks a dict per character; most text has no such digit at all.
    return text.translate(_DIGITS) if _ANY_DIGIT.search(text) else text


def fold_arabic(text: str) -> str:
    """A matching key: digits as ASCII, alef/yeh/teh-marbuta variants and diacritics folded."""
    text = _ALEF.sub("ا", latin_digits(text)).replace("ى", "ي").replace("ة", "ه")
    return _DIACRITICS.sub("", text)


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic-script: the cheap language signal we rely on."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / letters


def guess_script_language(text: str) -> str | None:
    """``ar``, ``fa`` or None from the letters alone; used only when the page declares nothing."""
    sample = text[:6000]
    if arabic_ratio(sample) < 0.5:
        return None
    persian = len(_PERSIAN_ONLY.findall(sample))
    arabic_only = sample.count("ة") + sample.count("ى") + sample.count("ي")
    return "fa" if persian > arabic_only else "ar"


def words(text: str) -> list[str]:
    """Word tokens (``\\w+`` runs), the unit of the body F1 score."""
    return _WORD.findall(text)
