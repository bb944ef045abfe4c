"""The analyzer: folding, tokenization, spans back to the original text, properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from naql.text import (
    DEFAULT_ANALYZER,
    Analyzer,
    AnalyzerConfig,
    Folding,
    Hamza,
    StemmerKind,
    analyze,
    normalize,
    token_spans,
    tokenize,
)

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة")
        + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u200c\u200f")
        + list("abcXYZ0123456789٠١٢٣٤٥٦٧٨٩۴۵ ،؛؟«»#_-.:\n")
        + ["\ufefb", "\ufe8d", "\ufdf2"]
    ),
    max_size=80,
)


def test_removes_diacritics_tatweel_and_controls() -> None:
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("القرآنُ") == "القران"
    assert normalize("رحمٰن") == "رحمن"
    assert normalize("جميـــل") == "جميل"
    assert normalize("سلا\u200cم\u200f") == "سلام"


def test_folds_letters_digits_presentation_forms() -> None:
    assert normalize("أإآٱا") == "ااااا"
    assert normalize("مستشفى مدرسة") == "مستشفي مدرسه"
    assert normalize("٢٠١٥ ۱۴۰۲") == "2015 1402"
    assert normalize("\ufefb\ufe8d") == "لاا"  # lam-alef ligature, isolated alef
    assert normalize("NATO") == "nato"


def test_hamza_folding_options() -> None:
    bare = Analyzer(AnalyzerConfig(folding=Folding(Hamza.BARE)))
    carrier = Analyzer(AnalyzerConfig(folding=Folding(Hamza.CARRIER)))
    keep = Analyzer(AnalyzerConfig(folding=Folding(Hamza.KEEP)))
    assert bare.normalize("مسؤول") == bare.normalize("مسئول") == "مسءول"
    assert carrier.normalize("مسؤول") == "مسوول"
    assert keep.normalize("مسؤول") == "مسؤول"


def test_tokenizes_arabic_punctuation_mixed_scripts_hashtags() -> None:
    text = "قمة G7، «ناتو NATO»؛ هل؟ #عاصي_الحلاني 3.5%"
    assert tokenize(normalize(text)) == [
        "قمه", "g7", "ناتو", "nato", "هل", "عاصي", "الحلاني", "3", "5",
    ]  # fmt: skip


def test_analyze_stems_and_keeps_latin_and_digits() -> None:
    assert analyze("والكتابات في قمة G7 عام ٢٠١٥") == ["كتاب", "في", "قم", "g7", "عام", "2015"]


def test_spans_point_into_the_original_text() -> None:
    text = "وَقالَ «المُتحدِّث» إنّ ﻷجل G7"
    spans = token_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["وَقالَ", "المُتحدِّث", "إنّ", "ﻷجل", "G7"]
    assert [s.token for s in spans] == analyze(text)


def test_snowball_and_none_stemmers_differ_from_light() -> None:
    snowball = Analyzer(AnalyzerConfig(stemmer=StemmerKind.SNOWBALL))
    none = Analyzer(AnalyzerConfig(stemmer=StemmerKind.NONE))
    assert none.analyze("المدرسة") == ["المدرسه"]
    assert snowball.analyze("المدرسة") != none.analyze("المدرسة")


@given(st.text(max_size=60))
def test_never_crashes_on_any_text(text: str) -> None:
    spans = token_spans(text)
    assert [s.token for s in spans] == analyze(text)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300)
@given(ARABIC_TEXT)
def test_arabic_text_properties(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert tokenize(once) == tokenize(normalize(once))
    spans = token_spans(text)
    assert [s.token for s in spans] == analyze(text)
    for s in spans:  # every span, re-analyzed on its own, gives back its token
        assert s.token in analyze(text[s.start : s.end])


@given(
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), st.from_regex(r"[0-9]{1,8}", fullmatch=True)
)
def test_keeps_latin_words_and_digits(word: str, number: str) -> None:
    tokens = analyze(f"قال {word} إن {number} شخصا")
    assert word.lower() in tokens
    assert number in tokens


@settings(max_examples=200)
@given(ARABIC_TEXT, st.integers(0, 10), st.integers(1, 5))
def test_window_spans_equal_the_slice_of_all_spans(text: str, first: int, count: int) -> None:
    assert token_spans(text)[first : first + count] == DEFAULT_ANALYZER.spans(text, first, count)
