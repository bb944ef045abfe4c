"""Real articles for the stories tests: ANT samples committed beside the tests."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from naql.stories import StoryDoc

DATA = Path(__file__).resolve().parent.parent / "data" / "stories"


def read_jsonl_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def to_doc(row: dict[str, Any], shift: timedelta = timedelta(0), suffix: str = "") -> StoryDoc:
    return StoryDoc.from_text(
        row["id"] + suffix,
        row["source"],
        datetime.fromisoformat(row["published"]) + shift,
        row["title"],
        row["body"],
    )


@pytest.fixture(scope="session")
def ant_cases() -> dict[str, dict[str, Any]]:
    """Hand-picked ANT articles, keyed by the DOCNO part of their id (``AL-sport-283-20180227``)."""
    return {r["id"].split(":", 1)[1]: r for r in read_jsonl_gz(DATA / "ant_cases.jsonl.gz")}


@pytest.fixture(scope="session")
def labelled() -> list[dict[str, Any]]:
    """The 245 hand-labelled ANT articles (see tests/data/stories/README.md), in time order."""
    rows = read_jsonl_gz(DATA / "ant_stories_labelled.jsonl.gz")
    return sorted(rows, key=lambda r: (r["published"], r["id"]))


@pytest.fixture(scope="session")
def labelled_docs(labelled: list[dict[str, Any]]) -> list[StoryDoc]:
    return [to_doc(r) for r in labelled]
