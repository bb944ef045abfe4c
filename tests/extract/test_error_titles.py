"""Error-page titles are matched as whole words, never inside another word."""

from __future__ import annotations

import pytest

from naql.extract import Rejected, extract_article
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


def test_a_long_headline_mentioning_an_error_word_is_an_article() -> None:
    title = "حرية الإعلام: هل ما زال التطرق لحقوق المرأة خطا أحمر؟"  # real France 24 headline
    sentences = [
        "هل ما زال التطرق لقضايا المرأة وحقوقها خطا أحمر في الإعلام؟ نعم، تجيب مراسلون بلا حدود في تقرير جديد.",
        "وأصدرت المنظمة تقريرها بمناسبة حلول الثامن من مارس الذي يصادف اليوم العالمي للمرأة في كل عام.",
        "وتفيد أرقام أوردها التقرير أن إعداد تحقيقات بشأن أوضاع المرأة أدى لاغتيال أحد عشر صحفيا وصحفية.",
        "ودعت المنظمة الحكومات إلى حماية الصحفيين الذين يغطون هذه القضايا من التهديد والملاحقة القضائية.",
    ]
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    page = f"<html lang='ar'><head><title>{title}</title></head><body><h1>{title}</h1><article>{paragraphs}</article></body></html>"
    result = extract_article(page, url="https://example.com/a/1")
    assert not isinstance(result, Rejected), result
    short = "<html lang='ar'><head><title>حدث خطأ</title></head><body><p>عذرا</p></body></html>"
    rejected = extract_article(short, url="https://example.com/missing")
    assert isinstance(rejected, Rejected)
