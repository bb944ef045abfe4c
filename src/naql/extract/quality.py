"""The measure the evaluation gate and the benchmark share: token-level F1 of body text.

Why bag-of-words F1 over ``\\w+`` tokens: it is what trafilatura's and ScrapingHub's evaluations
report, it forgives paragraph splitting and whitespace, and it punishes both missing sentences
(recall) and kept boilerplate (precision).
"""

from __future__ import annotations

from collections import Counter

from naql.extract.textnorm import words


def token_f1(predicted: str, gold: str) -> float:
    """Harmonic mean of token precision and recall; 1.0 when both are empty."""
    p, g = Counter(words(predicted)), Counter(words(gold))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if common == 0:
        return 0.0
    precision = common / sum(p.values())
    recall = common / sum(g.values())
    return 2 * precision * recall / (precision + recall)
