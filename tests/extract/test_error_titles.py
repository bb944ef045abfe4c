"""Error-page titles are matched as whole words, never inside another word."""

from __future__ import annotations

import pytest

from naql.extract.textnorm import fold_arabic
from naql.extract.verdict import _ERROR_TITLE


@pytest.mark.parametrize(
    ("title", "is_error"),
    [
        ("جزء ثالث لـ الخُطّاب على الباب الشيخ تحيفة", False),  # a real Jawhara FM title
        ("نص الخطاب الكامل للرئيس أمام البرلمان", False),
        ("حدث خطأ", True),
        ("الخطأ 404", True),
        ("عذراً، الصفحة غير موجودة", True),
        ("Page not found", True),
        ("Terrors of the deep", False),
    ],
)
def test_error_title_words(title: str, is_error: bool) -> None:
    assert bool(_ERROR_TITLE.search(fold_arabic(title))) is is_error
