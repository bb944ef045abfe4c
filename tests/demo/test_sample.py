"""The bundled sample: big enough, varied enough, no duplicates, licensed, and reproducible."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from naql.demo.sample import SampleArticle, load_sample
from naql.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "naql" / "demo" / "data"


@pytest.fixture(scope="module")
def sample() -> tuple[SampleArticle, ...]:
    return load_sample()


def test_sample_size_and_outlets(sample: tuple[SampleArticle, ...]) -> None:
    outlets = Counter(a.outlet for a in sample)
    assert len(sample) >= 300
    assert len(outlets) >= 5
    assert min(outlets.values()) >= 30, outlets


def test_sample_has_no_duplicates_or_short_bodies(sample: tuple[SampleArticle, ...]) -> None:
    assert len({a.id for a in sample}) == len(sample)
    assert len({a.slug for a in sample}) == len(sample)
    assert len({a.body for a in sample}) == len(sample)
    assert len({a.url for a in sample}) == len(sample)
    assert all(len(a.body) >= 300 and a.title.strip() for a in sample)
    assert all(a.paragraphs and "\n\n" not in "".join(a.paragraphs) for a in sample)


def test_sample_is_ant_only_with_aware_dates(sample: tuple[SampleArticle, ...]) -> None:
    # SaudiNewsNet must never enter the repository: every record is from an ANT corpus.
    assert all(a.id.startswith(("ant_multisource:", "ant_v1:")) for a in sample)
    assert all(a.published.utcoffset() is not None for a in sample)
    assert list(sample) == sorted(sample, key=lambda a: (a.published, a.id))


def test_multisource_articles_share_a_few_weeks(sample: tuple[SampleArticle, ...]) -> None:
    multi = [a for a in sample if a.id.startswith("ant_multisource:")]
    span = max(a.published for a in multi) - min(a.published for a in multi)
    assert span <= timedelta(days=28)
    assert len({a.outlet for a in multi}) == 5


def test_licence_citation_and_notice_ship_with_the_sample() -> None:
    assert "Apache License" in (DATA / "LICENSE-ANT.txt").read_text(encoding="utf-8")
    assert "Chouigui" in (DATA / "CITATION.md").read_text(encoding="utf-8")
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "belong to the outlets" in readme
    assert "local" in readme


def test_a_malformed_sample_is_refused(tmp_path: Path) -> None:
    import gzip

    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"id": "x", "source": "y", "title": "t"}\n'))
    with pytest.raises(InputError, match=r"bad\.jsonl\.gz:1"):
        load_sample(bad)
    with pytest.raises(InputError):
        load_sample(tmp_path / "missing.jsonl.gz")


@pytest.mark.shared_data
@pytest.mark.slow
def test_build_script_reproduces_the_committed_sample(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl.gz"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_demo_sample.py"),
         "--data", str(shared_data), "--out", str(out)],
        check=True, capture_output=True, timeout=240,
    )
    assert out.read_bytes() == (DATA / "articles.jsonl.gz").read_bytes()
    assert (tmp_path / "LICENSE-ANT.txt").read_bytes() == (DATA / "LICENSE-ANT.txt").read_bytes()
