"""Bytes → text for web documents, getting the Arabic legacy charsets right.

Why not trust the header alone: Arabic sites often send windows-1256 bodies labelled UTF-8
(or no label at all). The order is: BOM, strict UTF-8, declared charset, then detection.
"""

from __future__ import annotations

import re

import charset_normalizer

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_ALIASES = {"iso-8859-6": "iso8859_6", "windows-1256": "cp1256", "cp1256": "cp1256"}


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the document or its Content-Type header claims, if any."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        if m:
            return m.group(1).lower()
    head = data[:4096]
    m = _META.search(head) or _XML.search(head)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_document(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML or XML bytes to text; never raises, replaces what cannot be decoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return data.decode(_ALIASES.get(declared, declared))
        except (LookupError, UnicodeDecodeError):
            pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace")
    return data.decode("cp1256", "replace")
