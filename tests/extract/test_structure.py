"""Body structure, boilerplate stripping, captions, tweets and sanitizing, on pages built here."""

from __future__ import annotations

from naql.extract import Article, ExtractOptions, Rejected, RejectReason, SiteRules, extract_article

PARAS = [f"الفقرة {n} من الخبر تقول إن الحكومة أعلنت اليوم، في بيان رسمي، خطة جديدة للنقل العام." for n in range(6)]


def page(body: str, head: str = "") -> str:
    return (
        "<html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>خطة جديدة للنقل - صحيفة المثال</title>"
        f"<meta property='og:title' content='خطة جديدة للنقل'>{head}</head><body>"
        "<nav><a href='/'>الرئيسية</a><a href='/s'>رياضة</a></nav>"
        f"<article><h1>خطة جديدة للنقل</h1>{body}</article>"
        "<aside class='sidebar'><h3>الأكثر قراءة</h3><ul><li><a href='/1'>خبر آخر طويل العنوان جدا جدا</a></li></ul></aside>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def ok(result: Article | Rejected) -> Article:
    assert isinstance(result, Article), result
    return result


def test_structure_is_kept_in_reading_order() -> None:
    body = (
        f"<p>{PARAS[0]}</p><h2>تفاصيل الخطة</h2><p>{PARAS[1]}</p>"
        f"<blockquote>قال الوزير إن الخطة ستغير حياة الناس في المدينة.</blockquote>"
        f"<ul><li>حافلات جديدة</li><li>خطوط مترو</li></ul><p>{PARAS[2]}</p>"
    )
    a = ok(extract_article(page(body)))
    assert a.title == "خطة جديدة للنقل"
    chunks = a.text.split("\n\n")
    assert chunks == [PARAS[0], "تفاصيل الخطة", PARAS[1], "قال الوزير إن الخطة ستغير حياة الناس في المدينة.", "حافلات جديدة", "خطوط مترو", PARAS[2]]
    assert "<h2>تفاصيل الخطة</h2>" in a.html
    assert "<blockquote>" in a.html
    assert "<li>حافلات جديدة</li>" in a.html
    assert "الأكثر قراءة" not in a.text
    assert "الرئيسية" not in a.text


def test_read_also_share_bar_newsletter_and_comments_are_dropped() -> None:
    body = (
        f"<p>{PARAS[0]}</p><p>اقرأ أيضاً: <a href='/x'>الحكومة تدرس رفع أسعار الوقود</a></p>"
        "<div class='share-buttons'><a href='#'>فيسبوك</a> <a href='#'>تويتر</a></div>"
        f"<p>{PARAS[1]}</p><p>{PARAS[2]}</p>"
        "<div class='newsletter-box'><p>اشترك في نشرتنا البريدية لتصلك آخر الأخبار يوميا إلى بريدك.</p></div>"
        "<div id='comments'><p>تعليق من قارئ يقول إن الخطة ممتازة، ويطلب المزيد من الحافلات.</p></div>"
        "<div class='cookie-notice'>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</div>"
    )
    a = ok(extract_article(page(body)))
    assert a.text == "\n\n".join(PARAS[:3])


def test_captions_with_agency_credit_go_to_captions() -> None:
    body = (
        f"<p>{PARAS[0]}</p><figure><img src='https://img.example/1.jpg'>"
        "<figcaption>الوزير خلال المؤتمر الصحفي (رويترز)</figcaption></figure>"
        f"<p>{PARAS[1]}</p><p>وزراء الخارجية خلال اجتماع في نيويورك الأسبوع الماضي (إ.ب.أ)</p><p>{PARAS[2]}</p>"
    )
    a = ok(extract_article(page(body)))
    assert a.captions == ("الوزير خلال المؤتمر الصحفي (رويترز)", "وزراء الخارجية خلال اجتماع في نيويورك الأسبوع الماضي (إ.ب.أ)")
    assert "(رويترز)" not in a.text
    assert "(إ.ب.أ)" not in a.text
    assert '<img src="https://img.example/1.jpg"' in a.html


def test_tweets_become_links() -> None:
    body = (
        f"<p>{PARAS[0]}</p><blockquote class='twitter-tweet'><p>نص التغريدة</p>"
        "<a href='https://twitter.com/someone/status/1234567890'>March 1, 2020</a></blockquote>"
        f"<p>{PARAS[1]}</p><p>{PARAS[2]}</p>"
    )
    a = ok(extract_article(page(body)))
    assert 'href="https://twitter.com/someone/status/1234567890"' in a.html
    assert "نص التغريدة" not in a.text


def test_html_is_sanitized() -> None:
    body = (
        f"<p onclick='steal()'>{PARAS[0]}</p><script>alert(1)</script>"
        f"<p><a href='javascript:alert(1)'>رابط</a> {PARAS[1]}</p>"
        f"<p style='background:url(javascript:alert(1))'>{PARAS[2]}</p>"
        "<figure><img src='javascript:alert(1)' onerror='x()'><figcaption>صورة (أ.ف.ب)</figcaption></figure>"
    )
    a = ok(extract_article(page(body)))
    for bad in ("<script", "onclick", "onerror", "javascript:", "style=", "alert("):
        assert bad not in a.html


def test_site_rules_choose_the_body_and_fields() -> None:
    html = page(
        f"<div class='lead'><p>{PARAS[5]}</p></div><div class='story'><p>{PARAS[0]}</p><div class='ad'>إعلان</div><p>{PARAS[1]}</p><p>{PARAS[2]}</p></div>"
        "<span class='when'>2021-05-02T10:00:00+03:00</span><span class='who'>سارة علي</span>"
    )
    rules = SiteRules(body="div.story", title="h1", published="span.when", author="span.who", remove=("div.ad",))
    a = ok(extract_article(html, options=ExtractOptions(site_rules=rules)))
    assert a.method == "rules"
    assert a.text == "\n\n".join(PARAS[:3])
    assert a.published is not None
    assert a.published.isoformat() == "2021-05-02T10:00:00+03:00"
    assert a.author == "سارة علي"


def test_rules_that_match_nothing_fall_back_to_the_generic_path() -> None:
    a = ok(extract_article(page("".join(f"<p>{p}</p>" for p in PARAS)), options=ExtractOptions(site_rules=SiteRules(body="div.gone"))))
    assert a.method == "dom"
    assert a.text == "\n\n".join(PARAS)


def test_jsonld_article_body_is_used_when_the_page_confirms_it() -> None:
    import json

    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "خطة جديدة للنقل",
          "articleBody": "\n".join(PARAS), "datePublished": "2022-01-09T08:00:00+02:00",
          "author": [{"@type": "Person", "name": "أحمد سمير"}]}
    head = f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script>"
    a = ok(extract_article(page("".join(f"<div><span>{p}</span></div>" for p in PARAS), head)))
    assert a.method == "jsonld"
    assert a.text == "\n\n".join(PARAS)
    assert a.author == "أحمد سمير"
    assert a.published is not None
    assert a.published.utcoffset() is not None
    # A teaser articleBody that the page does not show is not trusted.
    ld["articleBody"] = "نص مختلف تماما لا يظهر في الصفحة " * 10
    head = f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script>"
    assert ok(extract_article(page("".join(f"<p>{p}</p>" for p in PARAS), head))).method == "dom"


def test_error_page_paywall_wrong_language_and_listing_are_rejected() -> None:
    err = "<html><head><title>404 - الصفحة غير موجودة</title></head><body><p>عذرا، الصفحة التي تبحث عنها غير موجودة.</p></body></html>"
    r = extract_article(err)
    assert isinstance(r, Rejected)
    assert r.reason is RejectReason.ERROR_PAGE
    paywall = page(f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p><p>{PARAS[2]}</p><div class='pw'>هذا المحتوى متاح للمشتركين فقط. اشترك الآن لقراءة المقال كاملاً.</div>")
    r = extract_article(paywall)
    assert isinstance(r, Rejected)
    assert r.reason is RejectReason.PAYWALLED
    english = "<html lang='en'><body><article>" + "".join(f"<p>This is paragraph {i}, a long English text about transport policy, with details.</p>" for i in range(6)) + "</article></body></html>"
    r = extract_article(english, options=ExtractOptions(languages=frozenset({"ar"})))
    assert isinstance(r, Rejected)
    assert r.reason is RejectReason.WRONG_LANGUAGE
    listing = "<html><body>" + "".join(f"<div><a href='/n/{i}'>عنوان خبر رقم {i} في قائمة الأخبار</a></div>" for i in range(40)) + "</body></html>"
    r = extract_article(listing)
    assert isinstance(r, Rejected)
    assert r.reason is RejectReason.NOT_ARTICLE


def test_a_short_two_paragraph_article_is_kept_whole() -> None:
    """Narrowing past teasers must never narrow into one paragraph of the article itself."""
    first = "في تحد فريد من نوعه، سجل المغامر رقما قياسيا عالميا جديدا في المشي على الحبال بعد أن قطع مسافة طويلة بين جبلين في الصحراء."
    second = "وقال المغامر إنه يفضل المغامرة على الملل، وفق ما نقله موقع محلي."
    html = page(f"<div class='article_text'><p>{first}</p><p>{second}</p></div>")
    a = ok(extract_article(html, options=ExtractOptions(min_text_chars=100, fallback=False)))
    assert a.text == f"{first}\n\n{second}"
