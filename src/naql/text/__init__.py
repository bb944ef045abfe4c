"""Arabic text analysis: one analyzer for search, fingerprints and clustering.

The pure core: no Django, no settings. ``analyze`` is the single entry point the search
backends and the near-duplicate detector share, so that every part of naql sees the same
tokens for the same text; ``token_spans`` maps those tokens back to the original text.
"""

from naql.text.analyzer import (
    DEFAULT_ANALYZER,
    Analyzer,
    AnalyzerConfig,
    TokenSpan,
    analyze,
    normalize,
    token_spans,
    tokenize,
)
from naql.text.normalize import Folding, Hamza
from naql.text.stem import StemmerKind, light_stem, query_variants
from naql.text.stopwords import STOP_WORDS

__all__ = [
    "DEFAULT_ANALYZER",
    "STOP_WORDS",
    "Analyzer",
    "AnalyzerConfig",
    "Folding",
    "Hamza",
    "StemmerKind",
    "TokenSpan",
    "analyze",
    "light_stem",
    "normalize",
    "query_variants",
    "token_spans",
    "tokenize",
]
