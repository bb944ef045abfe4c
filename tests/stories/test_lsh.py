"""The windowed LSH index: finds copies, forgets what leaves the window, rebuilds exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naql.stories import IndexedSignature, NearDuplicateIndex, Signer

SIGNER = Signer()
T0 = datetime(2018, 3, 29, tzinfo=UTC)


@pytest.fixture
def index_and_sigs(ant_cases):
    index = NearDuplicateIndex()
    sigs = {key: SIGNER.sign_text(row["body"]) for key, row in ant_cases.items()}
    for n, (key, sig) in enumerate(sigs.items()):
        index.add(key, sig, T0 + timedelta(hours=n))
    return index, sigs


def test_query_finds_the_other_outlets_copy_first(index_and_sigs):
    index, sigs = index_and_sigs
    matches = index.query(sigs["AL-internationalNews-676-20180329"])
    assert [m.doc_id for m in matches[:2]] == [
        "AL-internationalNews-676-20180329",
        "SK-internationalNews-654-20180329",
    ]
    assert matches[0].jaccard == 1.0
    assert matches[1].jaccard >= 0.5


def test_unrelated_articles_are_rarely_candidates(index_and_sigs):
    index, sigs = index_and_sigs
    found = {m.doc_id for m in index.query(sigs["AL-internationalNews-1671-20180618"])}
    assert "AL-internationalNews-1671-20180618" in found
    assert "AL-sport-541-20180310" not in found


def test_eviction_forgets_old_articles(index_and_sigs):
    index, sigs = index_and_sigs
    total = len(index)
    dropped = index.evict_older_than(T0 + timedelta(hours=5))
    assert dropped == 5
    assert len(index) == total - 5
    assert "AL-internationalNews-676-20180329" not in index  # the first one added
    ids = {m.doc_id for m in index.query(sigs["AL-internationalNews-676-20180329"])}
    assert "AL-internationalNews-676-20180329" not in ids


def test_rebuild_from_stored_rows_answers_the_same(index_and_sigs):
    index, sigs = index_and_sigs
    rows = [
        IndexedSignature(key, sig, T0 + timedelta(hours=n))
        for n, (key, sig) in enumerate(sigs.items())
    ]
    stored = [
        IndexedSignature(
            r.doc_id, type(r.signature).from_bytes(r.signature.to_bytes()), r.published
        )
        for r in rows
    ]
    rebuilt = NearDuplicateIndex.rebuild(stored)
    for sig in sigs.values():
        assert rebuilt.query(sig) == index.query(sig)


def test_adding_an_id_again_replaces_it(index_and_sigs):
    index, sigs = index_and_sigs
    n = len(index)
    index.add("AL-sport-541-20180310", sigs["AL-sport-825-20180323"], T0 + timedelta(days=30))
    assert len(index) == n
    ids = [m.doc_id for m in index.query(sigs["AL-sport-541-20180310"])]
    assert "AL-sport-541-20180310" not in ids
    # The stale heap entry of the first add must not evict the re-added article.
    index.evict_older_than(T0 + timedelta(days=1))
    assert "AL-sport-541-20180310" in index


def test_empty_signatures_are_not_indexed():
    index = NearDuplicateIndex()
    index.add("empty", SIGNER.sign_text(""), T0)
    assert len(index) == 0
    assert index.query(SIGNER.sign_text("")) == []


def test_bands_must_divide_hashes():
    with pytest.raises(ValueError, match="multiple"):
        NearDuplicateIndex(num_perm=128, bands=30)


texts = st.lists(
    st.lists(st.sampled_from([f"t{i}" for i in range(40)]), min_size=8, max_size=40),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(texts)
def test_every_indexed_text_finds_itself_and_results_are_ordered(docs):
    index = NearDuplicateIndex()
    sigs = [SIGNER.sign_tokens(tokens) for tokens in docs]
    for n, sig in enumerate(sigs):
        index.add(f"d{n}", sig, T0)
    for n, sig in enumerate(sigs):
        matches = index.query(sig, limit=100)
        assert any(m.doc_id == f"d{n}" and m.jaccard == 1.0 for m in matches)
        keys = [(-m.jaccard, -m.containment, m.doc_id) for m in matches]
        assert keys == sorted(keys)
