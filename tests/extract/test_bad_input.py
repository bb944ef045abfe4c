"""Bad input gives a ``Rejected`` value (or a typed error) in bounded time, never a crash or hang.

Bounded time is enforced by pytest-timeout, not by a timing assertion (shared, noisy machines).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naql.extract import Article, ExtractOptions, Rejected, RejectReason, extract_article

ARTICLE = (
    "<html lang='ar'><head><title>عنوان الخبر - موقع</title></head><body><h1>عنوان الخبر</h1>"
    + "".join(f"<p>هذه الفقرة رقم {i} من نص الخبر، وفيها كلام كاف ليعد نصا حقيقيا للمقال.</p>" for i in range(8))
    + "</body></html>"
)


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"", RejectReason.EMPTY),
        ("   \n\t ", RejectReason.EMPTY),
        (os.urandom(4096) + b"\x00" * 100, RejectReason.NOT_HTML),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"\x00\x01\x02" * 500, RejectReason.NOT_HTML),
        ("just some words, no markup at all", RejectReason.NOT_HTML),
        ("<html><body><p>قصير</p></body></html>", RejectReason.TOO_SHORT),
    ],
    ids=["empty-bytes", "blank", "random-binary", "pdf", "plain-text", "short"],
)
def test_rejected_with_reason(page: bytes | str, reason: RejectReason) -> None:
    result = extract_article(page)
    assert isinstance(result, Rejected)
    assert result.reason is reason
    assert result.detail


@pytest.mark.timeout(20)
def test_truncated_page_still_yields_what_is_there() -> None:
    cut = ARTICLE[: int(len(ARTICLE) * 0.7)]
    result = extract_article(cut.encode())
    assert isinstance(result, Article)
    assert "الفقرة رقم 0" in result.text
    assert "الفقرة رقم 7" not in result.text


@pytest.mark.timeout(60)
def test_twenty_megabytes_is_rejected_as_too_large() -> None:
    big = ("<html><body>" + "<p>نص طويل جدا يتكرر مرات كثيرة.</p>" * 400_000 + "</body></html>").encode()
    assert len(big) > 20_000_000
    result = extract_article(big)
    assert isinstance(result, Rejected)
    assert result.reason is RejectReason.TOO_LARGE


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_page_just_under_the_size_cap_is_processed() -> None:
    paragraphs = (f"<p>الفقرة {i} من نص المقال، بكلمات كافية لتعد فقرة.</p>" for i in range(70_000))
    big = "<html><body><div>" + "".join(paragraphs) + "</div></body></html>"
    assert len(big) < ExtractOptions().max_chars < len(big) * 1.2
    result = extract_article(big)
    assert isinstance(result, Article)
    assert "الفقرة 69999 " in result.text


@pytest.mark.timeout(30)
def test_ten_thousand_levels_of_nesting() -> None:
    deep = "<html><body>" + "<div>" * 10_000 + "<p>" + "كلمة " * 100 + "</p>" + "</div>" * 10_000 + "</body></html>"
    result = extract_article(deep)
    assert isinstance(result, (Article, Rejected))


@pytest.mark.timeout(20)
def test_windows_1256_page_is_decoded() -> None:
    raw = ARTICLE.replace("<head>", '<head><meta charset="windows-1256">').encode("cp1256")
    result = extract_article(raw)
    assert isinstance(result, Article)
    assert result.title == "عنوان الخبر"
    assert "الفقرة رقم 3" in result.text


@pytest.mark.timeout(20)
def test_mislabelled_charset_does_not_crash() -> None:
    raw = ARTICLE.replace("<head>", '<head><meta charset="utf-8">').encode("cp1256")
    assert isinstance(extract_article(raw), (Article, Rejected))


@pytest.mark.timeout(60)
@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(lambda s: "<html><body>" + s))
def test_arbitrary_input_never_raises(page: bytes | str) -> None:
    assert isinstance(extract_article(page), (Article, Rejected))
