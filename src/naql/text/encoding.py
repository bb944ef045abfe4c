"""Bytes → text for web documents, getting the Arabic legacy charsets right.

Why not trust the header alone: Arabic sites send windows-1256 bodies labelled UTF-8, UTF-8
bodies labelled windows-1256, ISO-8859-6 with no label at all. The order is: a BOM; strict
UTF-8 (a non-trivial body that decodes as UTF-8 is UTF-8, whatever the label says); then the
declared charset and the two Arabic legacy charsets, each decoded strictly and scored on how
much of the text reads as Arabic or plain ASCII; charset-normalizer only for documents that
are not Arabic in any of those readings.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_ARABIC_LEGACY = ("cp1256", "iso8859_6")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 200_000


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the Content-Type header claims, else the one the document's ``<meta>`` or
    XML declaration claims, lower-cased; None when nothing is declared."""
    if content_type:
        m = _HEADER.search(content_type)
        if m:
            return m.group(1).lower()
    head = data[:4096]
    found = _META.search(head) or _XML.search(head)
    return found.group(1).decode("ascii", "replace").lower() if found else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _score(text: str) -> float:
    """How much ``text`` reads like an Arabic (or plain ASCII) web page: Arabic letters and
    ASCII count for, Latin-1 letters and symbols that mojibake produces (×, à, é… amid
    Arabic) and control characters against."""
    good = bad = 0.0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            good += 1 if ch.isprintable() or ch in "\t\r\n" else -1
        elif 0x0600 <= o <= 0x06FF or 0xFB50 <= o <= 0xFEFF:
            good += 1
        elif o < 0xA0 or 0x2000 <= o <= 0x200F:
            bad += 3
        else:
            bad += 1
    return good - bad


def _arabic_letters(text: str) -> int:
    return sum(1 for ch in text if "\u0621" <= ch <= "\u064a")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_mojibake(text: str) -> bool:
    """True when non-ASCII letters mostly come in runs ("ÇáÑíÇÖ"): Arabic read through a
    Latin charset. Real Latin text has its accented letters alone inside ASCII words."""
    runs = total = 0
    prev_high = False
    for ch in text:
        high = ord(ch) >= 0x80 and ch.isalpha()
        if high:
            total += 1
            runs += prev_high
        prev_high = high
    return total >= 8 and runs * 2 > total


def detect_charset(data: bytes, content_type: str | None = None) -> str:
    """The Python codec name ``decode_document`` will use for ``data``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:_SAMPLE]
    # A sample cut inside a multi-byte character is still UTF-8: allow 3 bytes of slack.
    if _strict(sample, "utf-8") is not None or _strict(sample[:-3], "utf-8") is not None:
        return "utf-8"
    declared = _codec(declared_charset(data, content_type))
    if declared and declared != "utf-8" and declared not in _ARABIC_LEGACY:
        text = _strict(sample, declared)
        if text is not None and not _looks_like_mojibake(text):
            return declared
    scored: list[tuple[float, bool, int, str]] = []
    for order, name in enumerate(_ARABIC_LEGACY):
        text = _strict(sample, name)
        if text is not None:
            # The declared charset wins ties; then windows-1256, far more common.
            scored.append((_score(text), name == declared, -order, name))
    if scored:
        best = max(scored)[-1]
        text = _strict(sample, best) or ""
        if _arabic_letters(text) * 10 >= len(text) or best == declared:
            return best
    guess = charset_normalizer.from_bytes(sample).best()
    if guess is not None and guess.encoding:
        return guess.encoding
    return declared or "cp1256"


def decode_document(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML or XML bytes to text; never raises, replaces what cannot be decoded."""
    codec = detect_charset(data, content_type)
    text = data.decode(codec, "replace")
    return text[1:] if text.startswith("\ufeff") else text
