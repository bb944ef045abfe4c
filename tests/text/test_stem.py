"""Golden tests for the light stemmer, and the query-side proclitic variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from naql.text import DEFAULT_ANALYZER, light_stem, normalize, query_variants

GOLDEN = Path(__file__).parent / "data" / "light_stems.tsv"


def golden() -> list[tuple[str, str]]:
    rows = []
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, stem, _why = line.split("\t")
            rows.append((word, stem))
    return rows


@pytest.mark.parametrize(("word", "stem"), golden())
def test_light_stem_golden(word: str, stem: str) -> None:
    assert DEFAULT_ANALYZER.stem(normalize(word)) == stem


def test_golden_list_is_substantial() -> None:
    assert len(golden()) >= 40


def test_light_stem_never_empties_a_word() -> None:
    for word in ("ال", "لل", "وال", "ها", "ان", "يه", "ي", "ه", "بها", "اله"):
        assert light_stem(word), word


def test_query_variants_strip_proclitics_for_lookup() -> None:
    assert query_variants("لبريطانيا") == ("لبريطانيا", "بريطانيا")
    assert query_variants("وبريطانيا") == ("وبريطانيا", "بريطانيا", "ريطانيا")
    assert query_variants("وزير") == ("وزير",)  # too short to lose a letter
    assert query_variants("nato") == ("nato",)
    stems = {DEFAULT_ANALYZER.stem(v) for v in query_variants(normalize("لبريطانيا"))}
    assert DEFAULT_ANALYZER.stem(normalize("بريطانيا")) in stems
