"""Arabic text analysis: one analyzer for search, fingerprints and clustering.

The pure core: no Django, no settings. ``analyze`` is the single entry point the search
backends and the near-duplicate detector share, so that every part of naql sees the same
tokens for the same text.
"""

from naql.text.analyzer import analyze, normalize, tokenize

__all__ = ["analyze", "normalize", "tokenize"]
