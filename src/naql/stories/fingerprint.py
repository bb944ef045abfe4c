"""Exact-copy fingerprints over the analyzer's tokens, so spelling variants hash alike."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from naql.text import analyze


def body_fingerprint(text: str) -> str:
    """A hex digest equal for bodies that differ only in normalization (diacritics, alef forms)."""
    return tokens_fingerprint(analyze(text))


def tokens_fingerprint(tokens: Sequence[str]) -> str:
    """``body_fingerprint`` of the text these analyzer tokens came from (analyze once)."""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=16).hexdigest()
