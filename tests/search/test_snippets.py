"""Snippets read only the head of a text: the hits are loaded with just that much of it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from naql.search.snippets import SCAN_CHARS, snippet_html
from naql.text import analyze

WORDS = st.sampled_from(["السودان", "النفط", "مفاوضاتِ", "جنيف", "قال", "في", "2015", "«", "،"])
TEXT = st.lists(WORDS, min_size=0, max_size=600).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["السودان", "جنيف", "نفط", "غائب"]))
def test_a_snippet_reads_no_more_than_scan_chars_plus_one(text: str, word: str) -> None:
    stems = frozenset(analyze(word))
    assert snippet_html(text[: SCAN_CHARS + 1], stems) == snippet_html(text, stems)


@given(st.integers(min_value=1_300, max_value=1_600), st.integers(min_value=0, max_value=400))
def test_a_match_at_the_end_of_the_head_keeps_its_ellipsis(at: int, more: int) -> None:
    """The window then reaches the head's last word: only the extra character tells that
    the text goes on."""
    filler = ("مقدمة " * 400)[:at]
    text = filler + " جنيف " + "خاتمة " * more
    stems = frozenset(analyze("جنيف"))
    assert snippet_html(text[: SCAN_CHARS + 1], stems) == snippet_html(text, stems)
    if len(text.rstrip()) > SCAN_CHARS:
        assert snippet_html(text, stems).endswith(" …")
