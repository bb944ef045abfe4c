"""Address normalization: one mailbox, one spelling; clear Arabic refusals for the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naql.subscriptions.addresses import display_email, normalize_email
from naql.subscriptions.errors import InvalidAddress


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ali@Example.COM ", "ali@example.com"),
        ("ali@مثال.إختبار", "ali@xn--mgbh0fb.xn--kgbechtv"),
        ("ali＠example.com", "ali@example.com"),
        ("first.last+news@sub.example.org.", "first.last+news@sub.example.org"),
    ],
)
def test_addresses_are_normalized(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


def test_idn_domain_is_shown_back_in_its_script() -> None:
    assert display_email(normalize_email("ali@مثال.إختبار")) == "ali@مثال.إختبار"


@pytest.mark.parametrize(
    "raw",
    ["", "ali", "ali@", "@example.com", "a@b@example.com", "علي@example.com",
     "ali@exa mple.com", "ali@-bad-.com", "x" * 250 + "@example.com"],
)
def test_bad_addresses_are_refused_with_an_arabic_reason(raw: str) -> None:
    with pytest.raises(InvalidAddress) as caught:
        normalize_email(raw)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(caught.value))


@given(st.text(max_size=60))
def test_normalizing_never_crashes_and_is_idempotent(raw: str) -> None:
    try:
        once = normalize_email(raw)
    except InvalidAddress:
        return
    assert normalize_email(once) == once
    assert once == once.strip().lower()
