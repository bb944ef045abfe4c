"""Render corpus articles (title, body, date) into varied Arabic news-page templates.

Why synthetic pages: only seven real Arabic pages have gold body text, far too few to compare
extractors; the corpora have hundreds of thousands of gold bodies but no HTML. Each template
copies a layout family seen on Arabic news sites — WordPress themes, table-era portals, Levantine
and Maghrebi outlets, AMP pages with JSON-LD, aggregator copies — with the boilerplate that trips
extractors: related-article lists, inline "اقرأ أيضاً", share bars, comment threads, newsletter and
cookie boxes, and dates written with Arabic-Indic digits and regional month names. Pages are built
in memory at benchmark time and never written into the repository (SaudiNewsNet's licence).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

EG_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEV_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
TN_MONTHS = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True, slots=True)
class Story:
    """One gold article: what the page must yield."""

    title: str
    body: str
    published: datetime
    url: str
    source_name: str


@dataclass(frozen=True, slots=True)
class Filler:
    """Other articles' titles and sentences, for related lists, comments and sidebars."""

    titles: tuple[str, ...]
    sentences: tuple[str, ...]


def _paras(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def _related(rng: random.Random, f: Filler, n: int) -> str:
    return "".join(f'<li><a href="/news/{rng.randint(1000, 99999)}">{escape(t)}</a></li>' for t in rng.sample(f.titles, n))


def _comments(rng: random.Random, f: Filler) -> str:
    out = []
    for s in rng.sample(f.sentences, 3):
        out.append(f'<div class="comment"><span class="comment-author">زائر {rng.randint(1, 500)}</span><p>{escape(s)}</p></div>')
    return "".join(out)


def _ld(s: Story, with_body: bool) -> str:
    d = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
         "datePublished": s.published.isoformat(), "publisher": {"@type": "Organization", "name": s.source_name}}
    if with_body:
        d["articleBody"] = s.body
    return f'<script type="application/ld+json">{json.dumps(d, ensure_ascii=False)}</script>'


def wordpress(s: Story, rng: random.Random, f: Filler) -> str:
    paras = _paras(s.body)
    read_also = f'<p><strong>اقرأ أيضاً:</strong> <a href="/news/{rng.randint(1, 9999)}">{escape(rng.choice(f.titles))}</a></p>'
    body = []
    for i, p in enumerate(paras):
        body.append(f"<p>{escape(p)}</p>")
        if i == 0 and len(paras) > 1:
            body.append(read_also)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(s.title)} - {escape(s.source_name)}</title>
<meta property="og:title" content="{escape(s.title)} - {escape(s.source_name)}">
<meta property="og:site_name" content="{escape(s.source_name)}">
<meta property="article:published_time" content="{s.published.isoformat()}">
</head><body class="single-post">
<header id="masthead"><div class="logo">{escape(s.source_name)}</div><nav><ul>{_related(rng, f, 6)}</ul></nav></header>
<div id="primary" class="content-area"><main id="main"><article class="post">
<header class="entry-header"><h1 class="entry-title">{escape(s.title)}</h1>
<div class="entry-meta"><span class="byline">بقلم: المحرر</span></div></header>
<div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="entry-content">{''.join(body)}</div>
<div class="tags-links">الوسوم: <a href="#">أخبار</a> <a href="#">عاجل</a></div>
</article>
<div class="related-posts"><h3>مقالات ذات صلة</h3><ul>{_related(rng, f, 4)}</ul></div>
<div id="comments" class="comments-area"><h3>التعليقات</h3>{_comments(rng, f)}</div>
</main></div>
<aside id="secondary" class="widget-area"><h3>الأكثر قراءة</h3><ul>{_related(rng, f, 5)}</ul></aside>
<footer id="colophon"><p>جميع الحقوق محفوظة © {escape(s.source_name)}</p></footer></body></html>"""


def portal(s: Story, rng: random.Random, f: Filler) -> str:
    d = s.published
    date = f"{DAYS[d.weekday()]} {d.day} {EG_MONTHS[d.month - 1]} {d.year} - {d.hour % 12 or 12}:{d.minute:02d} {'م' if d.hour >= 12 else 'ص'}"
    text = "<br><br>".join(escape(p) for p in _paras(s.body))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(s.source_name)} :: {escape(s.title)}</title></head><body>
<table width="100%"><tr><td class="topmenu"><a href="/">الرئيسية</a> | <a href="/local">محليات</a> | <a href="/sport">رياضة</a> | <a href="/eco">اقتصاد</a></td></tr></table>
<table width="980"><tr><td width="200" valign="top" class="right-col"><b>آخر الأخبار</b><br>{'<br>'.join(f'<a href="/n/{i}">{escape(t)}</a>' for i, t in enumerate(rng.sample(f.titles, 6)))}</td>
<td valign="top"><div class="news-title"><h2>{escape(s.title)}</h2></div><span class="news-date">{date}</span>
<div class="news-body">{text}</div><div class="print"><a href="#">طباعة</a> | <a href="#">إرسال لصديق</a></div></td>
<td width="160" valign="top"><div class="ads">إعلان</div></td></tr></table>
<div class="footer">جميع الحقوق محفوظة</div></body></html>"""


def levantine(s: Story, rng: random.Random, f: Filler) -> str:
    d = s.published
    date = f"{d.day} {LEV_MONTHS[d.month - 1]} {d.year}"
    paras = _paras(s.body)
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<p>{escape(p)}</p>")
        if i == 0:
            parts.append(f'<figure class="image"><img src="/img/{rng.randint(1, 999)}.jpg"><figcaption>صورة من موقع الحدث (إ.ب.أ)</figcaption></figure>')
        if i == 1:
            parts.append('<div class="ad-slot">إعلان</div>')
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>{escape(s.title)} | {escape(s.source_name)}</title>
<meta name="description" content="{escape(paras[0][:150])}"></head><body>
<div class="navbar"><a href="/">الرئيسية</a><a href="/lebanon">لبنان</a><a href="/arab">عربي ودولي</a></div>
<div class="container"><div class="row"><div class="col-md-8">
<div class="article-header"><h1>{escape(s.title)}</h1><div class="article-date">{date}</div></div>
<div class="social-share"><span>شارك</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div class="article-body">{''.join(parts)}</div>
<div class="newsletter-box"><h4>النشرة البريدية</h4><p>اشترك في نشرتنا البريدية لتصلك آخر الأخبار والتحليلات يومياً إلى بريدك الإلكتروني.</p></div>
</div><div class="col-md-4 sidebar"><h4>الأكثر قراءة</h4><ol>{_related(rng, f, 5)}</ol></div></div></div>
<div class="cookie-notice">نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. بمتابعة التصفح فإنك توافق على ذلك.</div>
</body></html>"""


def maghreb(s: Story, rng: random.Random, f: Filler) -> str:
    d = s.published
    date = f"نشر في {d.day} {TN_MONTHS[d.month - 1]} {d.year} على الساعة {d.hour:02d}:{d.minute:02d}"
    body = "".join(f"<p>{escape(p)}</p>" for p in _paras(s.body))
    return f"""<html dir="rtl" lang="ar"><head><meta charset="utf-8"><title>{escape(s.title)}</title>
<meta property="og:title" content="{escape(s.title)}"><meta property="og:type" content="article"></head><body>
<div id="header"><ul class="menu">{_related(rng, f, 3)}</ul></div>
<div id="content"><div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/ar/news">أخبار وطنية</a></div>
<h1 class="titr_page">{escape(s.title)}</h1><div class="date_pub">{date}</div>
<div class="article_text">{body}</div>
<div class="fb-comments">{_comments(rng, f)}</div>
<div class="autres"><h3>أخبار أخرى</h3>{''.join(f'<div class="item"><a href="/a/{i}">{escape(t)}</a><span class="dat_ev">2017/0{i + 1}/1{i}</span></div>' for i, t in enumerate(rng.sample(f.titles, 4)))}</div>
</div><div id="footer">© جميع الحقوق محفوظة</div></body></html>"""


def amp(s: Story, rng: random.Random, f: Filler) -> str:
    d = s.published
    date = f"{d.day} {EG_MONTHS[d.month - 1]} {d.year}".translate(INDIC)
    parts = []
    for i, p in enumerate(_paras(s.body)):
        parts.append(f'<div class="paragraph"><p>{escape(p)}</p></div>')
        if i % 2 == 1:
            parts.append(f'<div class="inline-related"><span>اقرأ المزيد</span><a href="/x/{i}">{escape(rng.choice(f.titles))}</a></div>')
    return f"""<!doctype html><html ⚡ lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(s.title)}</title>
{_ld(s, True)}</head><body><amp-sidebar id="sidebar"><ul>{_related(rng, f, 5)}</ul></amp-sidebar>
<div class="story"><h1 class="story-title">{escape(s.title)}</h1><time class="date">{date}</time>
<div class="story-body">{''.join(parts)}</div>
<div class="more-news"><h2>أخبار ذات صلة</h2><ul>{_related(rng, f, 4)}</ul></div></div></body></html>"""


def aggregator(s: Story, rng: random.Random, f: Filler) -> str:
    intro = f"<p>ننقل لكم في موقع كتاكيت موضوع ({escape(s.title)} )<br>نتمنى لكم الفائدة ونشكر المصدر الأصلي على النشر.</p>"
    outro = f"<p>موقع كتاكيت موقع منوع ننقل به أخبار ومعلومات مفيدة للمستخدم العربي. والمصدر الأصلي هو المعني بكل ما ورد في مقال {escape(s.title)}</p>"
    body = "".join(f"<p>{escape(p)}</p>" for p in _paras(s.body))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="UTF-8"><title>{escape(s.title)} - موقع كتاكيت</title>
<meta property="og:title" content="{escape(s.title)}"><meta property="og:site_name" content="موقع كتاكيت">
<meta property="article:published_time" content="{s.published.isoformat()}"></head><body>
<div class="site-header"><a href="/">كتاكيت</a></div><div class="entry-content">{intro}{body}
<p>المصدر: <a href="{escape(s.url, quote=True)}">{escape(s.source_name)}</a></p>{outro}</div>
<div class="jp-relatedposts"><h3>ذات صلة</h3>{_related(rng, f, 3)}</div>
<div class="subscribe-box"><h2>اكتشاف المزيد من موقع كتاكيت</h2><p>اشترك للحصول على أحدث التدوينات المرسلة إلى بريدك الإلكتروني.</p></div>
</body></html>"""


def magazine(s: Story, rng: random.Random, f: Filler) -> str:
    """The hard one: unlinked teaser excerpts inside the article container, a trailing "more from
    this section" list under a heading no pattern knows, and reader comments in plain ``<p>``s
    with no telling class names."""
    parts = []
    for i, p in enumerate(_paras(s.body)):
        parts.append(f"<p>{escape(p)}</p>")
        if i == 1:
            t = rng.choice(f.titles)
            parts.append(f'<div class="card"><a href="/m/{i}"><h4>{escape(t)}</h4></a><p>{escape(rng.choice(f.sentences))}</p></div>')
    more = "".join(
        f'<div class="item"><a href="/m/{rng.randint(1, 9999)}">{escape(t)}</a><p>{escape(x)}</p></div>'
        for t, x in zip(rng.sample(f.titles, 3), rng.sample(f.sentences, 3), strict=True)
    )
    talk = "".join(f"<div><b>قارئ {i}</b><p>{escape(x)}</p></div>" for i, x in enumerate(rng.sample(f.sentences, 2)))
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(s.title)} | {escape(s.source_name)}</title>
<meta name="twitter:title" content="{escape(s.title)}"></head><body><div id="wrap">
<div class="top"><a href="/">{escape(s.source_name)}</a> <a href="/world">العالم</a> <a href="/eco">اقتصاد</a></div>
<div class="page"><h1>{escape(s.title)}</h1><div class="info">{escape(s.source_name)} · {s.published.date().isoformat()}</div>
<div class="txt">{''.join(parts)}</div>
<h3>من القسم نفسه</h3><div class="grid">{more}</div>
<h3>آراء القراء</h3>{talk}</div></div></body></html>"""


TEMPLATES: dict[str, Callable[[Story, random.Random, Filler], str]] = {
    "wordpress": wordpress, "portal": portal, "levantine": levantine,
    "maghreb": maghreb, "amp": amp, "aggregator": aggregator, "magazine": magazine,
}
