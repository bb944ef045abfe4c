"""MinHash signatures: stable across processes, storable, and estimating Jaccard honestly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naql.stories import Signature, Signer
from naql.text import analyze

SIGNER = Signer()


def exact_jaccard(a: list[str], b: list[str], k: int) -> float:
    sa = {tuple(a[i : i + k]) for i in range(len(a) - k + 1)}
    sb = {tuple(b[i : i + k]) for i in range(len(b) - k + 1)}
    return len(sa & sb) / len(sa | sb)


def test_bytes_round_trip_keeps_everything(ant_cases):
    sig = SIGNER.sign_text(ant_cases["AL-internationalNews-676-20180329"]["body"])
    data = sig.to_bytes()
    assert sig.numbers  # the article has figures
    assert len(data) == 8 + 4 * sig.num_perm + 1 + 4 * len(sig.numbers)
    again = Signature.from_bytes(data)
    assert again == sig
    assert again.jaccard(sig) == 1.0


def test_from_bytes_rejects_garbage():
    with pytest.raises(ValueError, match="too short"):
        Signature.from_bytes(b"\x01")
    good = SIGNER.sign_text("نص قصير للتجربة فقط لا غير").to_bytes()
    with pytest.raises(ValueError, match="not a naql signature"):
        Signature.from_bytes(good[:-4])
    with pytest.raises(ValueError, match="not a naql signature"):
        Signature.from_bytes(good + b"\x00")
    with pytest.raises(ValueError, match="not a naql signature"):
        Signature.from_bytes(b"\x07" + good[1:])


def test_same_text_same_signature_in_another_process(ant_cases):
    """The DB stores signatures: a process with another hash seed must compute the same bytes."""
    body = ant_cases["SK-internationalNews-654-20180329"]["body"]
    here = SIGNER.sign_text(body).to_bytes().hex()
    code = (
        "import sys; from naql.stories import Signer; "
        "print(Signer().sign_text(sys.stdin.read()).to_bytes().hex())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=body,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == here


def test_spelling_variants_sign_alike():
    plain = "أعلنت وزارة الصحة أن عدد الإصابات ارتفع إلى مئة وعشرين حالة في العاصمة اليوم"
    variant = "اعلنت وزارة الصحـة أنّ عدد الاصابات ارتفع الى مئة وعشرين حالة في العاصمة اليوم"
    assert SIGNER.sign_text(plain).jaccard(SIGNER.sign_text(variant)) == 1.0


def test_empty_text_has_an_empty_signature_that_matches_nothing():
    empty = SIGNER.sign_text("")
    assert empty.size == 0
    assert empty.jaccard(empty) == 0.0
    assert Signature.from_bytes(empty.to_bytes()) == empty


def test_different_parameters_do_not_compare():
    a = Signer(num_perm=64).sign_text("كلمة أخرى ثم كلمة ثالثة ورابعة وخامسة")
    b = SIGNER.sign_text("كلمة أخرى ثم كلمة ثالثة ورابعة وخامسة")
    with pytest.raises(ValueError, match="different parameters"):
        a.jaccard(b)


words = st.lists(st.sampled_from([f"w{i}" for i in range(60)]), min_size=30, max_size=120)


@settings(max_examples=60, deadline=None)
@given(a=words, b=words)
def test_estimate_is_within_sampling_error_of_exact_jaccard(a, b):
    """128 hashes: the standard error is at most 0.044; 4 of them is a very loose bound."""
    est = SIGNER.sign_tokens(a).jaccard(SIGNER.sign_tokens(b))
    assert abs(est - exact_jaccard(a, b, SIGNER.shingle)) <= 0.18


@settings(max_examples=40, deadline=None)
@given(a=words, extra=words)
def test_containment_survives_added_text(a, extra):
    """A wrapper adds shingles to one side; containment of the original stays near 1."""
    base = SIGNER.sign_tokens(a)
    wrapped = SIGNER.sign_tokens(extra[:10] + a + extra[10:20])
    assert base.containment(wrapped) >= 0.75


def test_analyzer_tokens_are_what_gets_signed(ant_cases):
    body = ant_cases["AL-internationalNews-452-20180313"]["body"]
    assert SIGNER.sign_text(body) == SIGNER.sign_tokens(analyze(body))
