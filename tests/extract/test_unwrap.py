"""Unwrapping republished copies: learned templates, built-in phrases, and credited sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naql.extract import Article, ExtractOptions, extract_article, learn_boilerplate
from naql.extract.unwrap import TITLE_MARK, template_key

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "aggregator-page-example.txt"
PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"

STORIES = [
    ("ارتفاع أسعار الذهب في الأسواق العالمية", "سجلت أسعار الذهب ارتفاعا ملحوظا اليوم، وسط مخاوف المستثمرين من التضخم"),
    ("افتتاح معرض الكتاب الدولي بمشاركة واسعة", "افتتح اليوم معرض الكتاب الدولي بحضور عدد كبير من الناشرين والكتاب العرب"),
    ("المنتخب الوطني يفوز في مباراة ودية", "حقق المنتخب الوطني فوزا مستحقا في مباراته الودية مساء أمس على ملعب المدينة"),
    ("الأمطار الغزيرة تغلق طرقا رئيسية", "أغلقت السلطات عددا من الطرق الرئيسية بسبب الأمطار الغزيرة التي هطلت منذ الصباح"),
    ("إطلاق قمر صناعي جديد للاتصالات", "أعلنت الوكالة الوطنية للفضاء إطلاق قمر صناعي جديد لتحسين خدمات الاتصالات"),
]


def wrapped(title: str, lead: str, n: int) -> str:
    """An aggregator copy whose intro/outro phrasing is not in the built-in list."""
    body = "".join(f"<p>{lead}، وهذه الجملة رقم {i} من تفاصيل الخبر كما نشرها المصدر.</p>" for i in range(4))
    return (
        f"<html lang='ar'><head><title>{title} | الزبدة</title><meta property='og:title' content='{title}'></head><body>"
        f"<div class='entry'><p>حصريا على موقع الزبدة نضع بين أيديكم تفاصيل خبر {title} كما وردت اليوم {n}</p>"
        f"{body}<p>تابعوا موقع الزبدة لكل جديد، وكان هذا خبر {title} من قسم المنوعات.</p>"
        "<p>المصدر: <a href='https://original.example/news/1'>صحيفة الأصل</a></p></div></body></html>"
    )


def test_templates_abstract_the_title_and_numbers() -> None:
    key = template_key("ننقل لكم في موقع كتاكيت موضوع (عنوان الخبر هنا ) 12", "عنوان الخبر هنا")
    assert TITLE_MARK in key
    assert "12" not in key


def test_learned_templates_remove_an_unknown_aggregators_wrapper() -> None:
    pages = [wrapped(t, lead, i) for i, (t, lead) in enumerate(STORIES)]
    learned = learn_boilerplate(pages)
    assert learned
    before = extract_article(pages[0])
    after = extract_article(pages[0], options=ExtractOptions(boilerplate_lines=learned))
    assert isinstance(before, Article)
    assert isinstance(after, Article)
    assert "حصريا على موقع الزبدة" in before.text
    assert "حصريا على موقع الزبدة" not in after.text
    assert "تابعوا موقع الزبدة" not in after.text
    assert after.text.count("\n\n") == 3  # the four body paragraphs, nothing else
    assert after.original_source == "صحيفة الأصل"
    assert after.original_url == "https://original.example/news/1"


def test_one_page_or_the_same_page_twice_teaches_nothing() -> None:
    page = wrapped(*STORIES[0], 0)
    assert learn_boilerplate([page]) == frozenset()
    assert learn_boilerplate([page, page]) == frozenset()


def test_learned_lines_never_include_one_articles_own_sentences() -> None:
    pages = [wrapped(t, lead, i) for i, (t, lead) in enumerate(STORIES)]
    learned = learn_boilerplate(pages)
    for _, lead in STORIES:
        assert not any(lead[:20] in line for line in learned)


@pytest.mark.shared_data
def test_reference_aggregator_page_is_unwrapped(shared_data: Path) -> None:
    lines = [ln.strip() for ln in REFERENCE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    title = lines[0]
    html = (
        f"<html lang='ar'><head><title>{title} - موقع كتاكيت</title></head><body><h1>{title}</h1>"
        + "".join(f"<p>{ln}</p>" for ln in lines[1:])
        + "</body></html>"
    )
    a = extract_article(html)
    assert isinstance(a, Article)
    assert a.title == title
    assert a.text.startswith("تعهدت الولايات المتحدة")
    assert a.text.endswith("من كوريا الشمالية.")
    for wrapper in ("ننقل لكم", "نتمنى لكم الفائدة", "والمصدر الأصلي", "اكتشاف المزيد", "اشترك للحصول"):
        assert wrapper not in a.text
    assert any(c.endswith("(إ.ب.أ)") for c in a.captions)
    assert "روسيا «يائسة»" in a.text.split("\n\n")  # a sub-heading kept in reading order


@pytest.mark.parametrize("copy", sorted(PAGES.glob("demo-zad_alakhbar/*.html")), ids=lambda p: p.stem)
def test_demo_aggregator_copies_credit_their_source(copy: Path) -> None:
    gold = json.loads(copy.with_name(copy.stem + ".gold.json").read_text(encoding="utf-8"))
    a = extract_article(copy.read_bytes(), url=gold["url"])
    assert isinstance(a, Article)
    assert a.text == gold["body"]
    assert a.original_url == gold["original_url"]
    if gold["original_url"]:
        assert a.original_source
