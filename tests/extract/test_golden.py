"""Golden pages: every page under tests/data/pages has an expectation, and extraction matches it.

Regenerate with ``python -m naql.extract.golden tests/data/pages`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naql.extract.golden import expected_for

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
HTML = sorted(PAGES.glob("*/*.html"))


def test_there_are_golden_pages_from_every_origin() -> None:
    sites = {p.parent.name for p in HTML}
    assert {"cnn_arabic", "jawharafm"} <= sites
    assert sum(s.startswith("htmldate-") for s in sites) == 8
    assert sum(s.startswith("demo-") for s in sites) >= 7


@pytest.mark.parametrize("page", HTML, ids=[f"{p.parent.name}/{p.stem}" for p in HTML])
def test_page_matches_its_expectation(page: Path) -> None:
    expected_path = page.with_name(page.stem + ".expected.json")
    assert expected_path.exists(), f"{expected_path} is missing: run python -m naql.extract.golden"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert expected_for(page) == expected


def test_every_page_has_a_licence_entry() -> None:
    licences = (PAGES / "LICENSES.md").read_text(encoding="utf-8")
    for site in {p.parent.name for p in HTML}:
        assert f"`{site}/`" in licences, f"{site} has no entry in LICENSES.md"
