"""Snippets: a window of the ORIGINAL text with the matching words in ``<mark>``.

Why the original: readers see the outlet's spelling, diacritics and digits, not our folded
tokens; ``Analyzer.spans`` says which original characters each token came from.
"""

from __future__ import annotations

from html import escape

from naql.text import DEFAULT_ANALYZER, Analyzer, TokenSpan

SNIPPET_TOKENS = 32
# Matches are looked for in the first 1,500 characters (~250 words: the lead, where a news
# article says what it is about). A snippet costs O(length), and a page shows twenty: at
# 3,000 characters snippets were half of a search's time at 1M articles (RESULTS.md).
SCAN_CHARS = 1_500


def _best_window(tokens: list[str], hits: list[int], width: int) -> int:
    """Index of the first token of the ``width``-token window with the most distinct
    matching stems (earliest on ties); only the first 50 matches are tried."""
    best_start, best_score = 0, -1
    hits = hits[:50]
    for h in hits:
        start = max(0, h - width // 4)
        inside = {tokens[i] for i in hits if start <= i < start + width}
        if len(inside) > best_score:
            best_start, best_score = start, len(inside)
    return best_start


def _marked(text: str, spans: list[TokenSpan], stems: frozenset[str]) -> str:
    out, pos = [], 0
    for s in spans:
        if s.token in stems:
            out += [escape(text[pos : s.start]), "<mark>", escape(text[s.start : s.end]), "</mark>"]
            pos = s.end
    out.append(escape(text[pos:]))
    return "".join(out)


def highlight(text: str, stems: frozenset[str], analyzer: Analyzer = DEFAULT_ANALYZER) -> str:
    """All of ``text``, HTML-escaped, with matching words marked (for titles)."""
    return _marked(text, analyzer.spans(text), stems)


def snippet_html(
    text: str,
    stems: frozenset[str],
    width: int = SNIPPET_TOKENS,
    analyzer: Analyzer = DEFAULT_ANALYZER,
) -> str:
    """About ``width`` words of ``text`` around the densest cluster of matches, escaped and
    marked; the start of the text when nothing matches (a title-only match). Only the first
    ``SCAN_CHARS + 1`` characters of ``text`` are read: callers may pass no more."""
    head = text[:SCAN_CHARS]
    normalized = analyzer.normalize(head)  # once, for the tokens and for their spans
    tokens = analyzer.stems_of(normalized)
    if not tokens:
        return escape(head[:300])
    hits = [i for i, t in enumerate(tokens) if t in stems]
    start = _best_window(tokens, hits, width) if hits else 0
    window = analyzer.spans(head, start, width, normalized=normalized)
    lo = window[0].start if start else 0
    reaches_end = start + width >= len(tokens) and len(head) == len(text)
    hi = len(text) if reaches_end else window[-1].end
    shifted = [TokenSpan(s.token, s.start - lo, s.end - lo) for s in window]
    body = _marked(text[lo:hi], shifted, stems)
    return ("… " if lo else "") + body + (" …" if hi < len(text) else "")
