"""Pieces every outlet template uses: escaping, dates in words, metadata blocks, page furniture.

Each widget takes a ``variant`` or its own markup choices from the caller so that the outlets
share facts but not structure: an extractor that learns one site's class names must not get
the others for free.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from naql.demo.views import ArticleView, Brand, Link

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر")
MAGHREB_MONTHS = ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
                  "أكتوبر", "نوفمبر", "ديسمبر")
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
AGENCIES = ("(رويترز)", "(أ ف ب)", "(أ ب)", "(إ ب أ)", "(غيتي)", "(أرشيف)")


def e(text: str) -> str:
    """Escape text for HTML element content and double-quoted attributes."""
    return html.escape(text, quote=True)


def stable_key(key: str) -> str:
    """A hash for ordering that looks random but never changes between runs."""
    return hashlib.sha1(key.encode()).hexdigest()  # noqa: S324 - ordering, not security


def pick(key: str, options: tuple[str, ...]) -> str:
    """A stable choice among ``options`` for ``key``: the same page always looks the same."""
    digest = hashlib.sha1(key.encode()).digest()  # noqa: S324 - a stable choice, not security
    return options[digest[0] % len(options)]


def arabic_date(when: datetime, *, maghreb: bool = False, with_time: bool = False) -> str:
    """A date in words as Arabic sites print it: ``الأحد ١٨ فبراير ٢٠١٨`` (Tunisian month names
    for Maghreb sites: ``جانفي``, ``فيفري`` …); the time, if shown, is local and unlabelled."""
    months = MAGHREB_MONTHS if maghreb else MONTHS
    text = f"{WEEKDAYS[when.weekday()]} {when.day} {months[when.month - 1]} {when.year}"
    if with_time:
        text += f" - {when:%H:%M}"
    return text.translate(EASTERN_DIGITS)


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script block; ``</`` is escaped so a body text cannot close the script."""
    payload = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{payload}\n</script>'


def news_article_ld(view: ArticleView, *, with_body: bool) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` as news sites embed it (publisher, image, section, author)."""
    a = view.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.url},
        "headline": a.title,
        "datePublished": view.published.isoformat(),
        "dateModified": view.published.isoformat(),
        "image": {"@type": "ImageObject", "url": view.image_url, "width": 1280, "height": 720},
        "articleSection": view.section.title,
        "inLanguage": "ar",
        "publisher": {
            "@type": "Organization",
            "name": view.brand.name,
            "logo": {"@type": "ImageObject", "url": view.brand.homepage + "static/logo.png"},
        },
    }
    if a.author:
        data["author"] = {"@type": "Person", "name": a.author}
    else:
        data["author"] = {"@type": "Organization", "name": view.brand.name}
    if with_body:
        data["articleBody"] = a.body
    return data


def og_meta(view: ArticleView, *, site_name: str) -> str:
    """Open Graph and article meta tags, the only metadata some outlets give."""
    a = view.article
    lines = [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{e(a.title)}">',
        f'<meta property="og:url" content="{e(view.url)}">',
        f'<meta property="og:image" content="{e(view.image_url)}">',
        f'<meta property="og:site_name" content="{e(site_name)}">',
        f'<meta property="og:description" content="{e(summary(a.body))}">',
        '<meta property="og:locale" content="ar_AR">',
        f'<meta property="article:published_time" content="{view.published.isoformat()}">',
        f'<meta property="article:section" content="{e(view.section.title)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{e(a.title)}">',
    ]
    if a.author:
        lines.append(f'<meta name="author" content="{e(a.author)}">')
    return "\n".join(lines)


def summary(body: str, limit: int = 180) -> str:
    """The opening of the first paragraph, cut at a word, as feeds and meta descriptions do."""
    first = body.split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def head_links(brand: Brand, canonical: str | None) -> str:
    """Feed autodiscovery, canonical link and the usual icons."""
    parts = [
        f'<link rel="alternate" type="{brand.feed_mime}" title="{e(brand.name)}" '
        f'href="{e(brand.feed_url)}">',
        f'<link rel="icon" href="{e(brand.homepage)}favicon.ico">',
    ]
    if canonical:
        parts.append(f'<link rel="canonical" href="{e(canonical)}">')
    return "\n".join(parts)


def nav(sections: Iterable[Link], *, css: str, home: Link) -> str:
    """The main menu: a ``<nav>`` of section links."""
    items = "".join(f'<li><a href="{e(s.url)}">{e(s.title)}</a></li>' for s in (home, *sections))
    return f'<nav class="{css}" aria-label="القائمة الرئيسية"><ul>{items}</ul></nav>'


def link_list(links: Iterable[Link], *, tag: str = "ul") -> str:
    """Links as a list, for most-read boxes and related-article boxes."""
    items = "".join(f'<li><a href="{e(link.url)}">{e(link.title)}</a></li>' for link in links)
    return f"<{tag}>{items}</{tag}>"


def most_read(links: tuple[Link, ...], *, css: str, heading: str = "الأكثر قراءة") -> str:
    """The most-read sidebar box, a classic source of boilerplate titles next to the body."""
    return (f'<aside class="{css}"><h3>{heading}</h3>{link_list(links, tag="ol")}</aside>')


def read_also(links: tuple[Link, ...], *, css: str, heading: str = "اقرأ أيضاً") -> str:
    """The inline related box that sits between body paragraphs."""
    if not links:
        return ""
    return f'<div class="{css}"><strong>{heading}</strong>{link_list(links)}</div>'


def body_paragraphs(view: ArticleView, *, inline: str, after: int = 2) -> str:
    """The body as ``<p>`` elements, with ``inline`` (a box) after paragraph ``after`` when the
    article is long enough for a reader to need a break."""
    paras = view.paragraphs
    out = []
    for n, p in enumerate(paras, start=1):
        out.append(f"<p>{e(p)}</p>")
        if n == after and len(paras) > after + 1 and inline:
            out.append(inline)
    return "\n".join(out)


def figure(view: ArticleView, *, css: str) -> str:
    """The lead image with its caption and agency credit."""
    return (f'<figure class="{css}"><img src="{e(view.image_url)}" alt="{e(view.article.title)}"'
            f' width="1280" height="720"><figcaption>{e(view.caption)}</figcaption></figure>')


def share_buttons(view: ArticleView, *, css: str) -> str:
    """Share links; their labels are text an extractor must leave out."""
    url = e(quote(view.url, safe=""))
    return (f'<div class="{css}"><span>شارك</span>'
            f'<a href="https://www.facebook.com/sharer.php?u={url}">فيسبوك</a>'
            f'<a href="https://twitter.com/intent/tweet?url={url}">تويتر</a>'
            f'<a href="https://wa.me/?text={url}">واتساب</a>'
            '<button type="button">نسخ الرابط</button></div>')


def cookie_notice(*, css: str) -> str:
    """The cookie banner found on nearly every news site."""
    return (f'<div class="{css}" role="dialog"><p>نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين '
            'تجربتك على موقعنا. باستمرارك في التصفح فإنك توافق على ذلك.</p>'
            '<button type="button">موافق</button> <a href="/privacy">سياسة الخصوصية</a></div>')


def newsletter(*, css: str) -> str:
    """A newsletter sign-up box."""
    return (f'<section class="{css}"><h3>النشرة البريدية</h3><p>اشترك في نشرتنا البريدية لتصلك '
            'أهم الأخبار يومياً.</p><form action="/newsletter" method="post">'
            '<input type="email" name="email" placeholder="بريدك الإلكتروني">'
            '<button type="submit">اشترك</button></form></section>')


def comments(view: ArticleView, *, css: str) -> str:
    """A comments block with a stable number of reader comments."""
    names = ("أحمد", "سارة", "محمد", "ليلى", "خالد")
    texts = ("شكراً على هذا التقرير.", "خبر مهم، نتمنى المتابعة.", "أين باقي التفاصيل؟",
             "تغطية ممتازة كالعادة.")
    count = int(hashlib.sha1(view.url.encode()).hexdigest()[:2], 16) % 4  # noqa: S324
    items = "".join(
        f'<li class="comment"><b>{pick(view.url + str(i), names)}</b>'
        f"<p>{pick(view.url + 'c' + str(i), texts)}</p></li>"
        for i in range(count)
    )
    return (f'<section class="{css}"><h3>التعليقات ({count})</h3><ol>{items}</ol>'
            '<form action="/comment" method="post"><textarea name="c" placeholder="أضف تعليقك">'
            '</textarea><button type="submit">إرسال</button></form></section>')


def ad(slot: str, *, css: str = "ad-slot") -> str:
    """An advertising placeholder, as served before the ad script fills it."""
    return f'<div class="{css}" data-slot="{e(slot)}"><span>إعلان</span></div>'


def breadcrumbs(items: Iterable[Link], *, css: str) -> str:
    """A breadcrumb trail."""
    inner = " › ".join(f'<a href="{e(i.url)}">{e(i.title)}</a>' for i in items)
    return f'<div class="{css}">{inner}</div>'


def document(*, lang_dir: str, charset: str, head: str, body: str) -> str:
    """An HTML document with its charset declared in a meta tag (as old sites do, too)."""
    return (f'<!DOCTYPE html>\n<html {lang_dir}>\n<head>\n<meta charset="{charset}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{head}\n</head>\n{body}\n</html>\n")
