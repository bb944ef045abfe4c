"""Exact-copy fingerprints over the analyzer's tokens, so spelling variants hash alike."""

from __future__ import annotations

import hashlib

from naql.text import analyze


def body_fingerprint(text: str) -> str:
    """A hex digest equal for bodies that differ only in normalization (diacritics, alef forms)."""
    return hashlib.blake2b(" ".join(analyze(text)).encode(), digest_size=16).hexdigest()
