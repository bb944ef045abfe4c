"""Sky News Arabia style: JSON-LD ``NewsArticle`` (``articleBody`` on some pages only), a
dateline byline, "أخبار ذات صلة" after the body, a social follow box; the outlet also serves a
Google News sitemap."""

from __future__ import annotations

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    ad,
    body_paragraphs,
    cookie_notice,
    document,
    e,
    figure,
    head_links,
    json_ld,
    link_list,
    most_read,
    nav,
    news_article_ld,
    newsletter,
    pick,
    read_also,
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SUFFIX = " | سكاي نيوز عربية"


def _header(sections: tuple[Link, ...], home: str) -> str:
    return (f'<div class="sna-header"><a class="sna-logo" href="{e(home)}">سكاي نيوز عربية</a>'
            f'{nav(sections, css="sna-menu", home=Link("الرئيسية", home))}'
            '<a class="sna-live" href="/live">شاهد البث المباشر</a></div>')


def _footer() -> str:
    return ('<div class="sna-footer"><div class="follow"><span>تابعونا</span>'
            '<a href="https://facebook.com/skynewsarabia">فيسبوك</a>'
            '<a href="https://twitter.com/skynewsarabia">تويتر</a></div>'
            '<p>جميع الحقوق محفوظة لسكاي نيوز عربية © 2018</p></div>')


def article(view: ArticleView) -> str:
    """An article page; JSON-LD carries the body on about half the pages, as on the real site."""
    a = view.article
    home = view.brand.homepage
    with_body = pick(view.url, ("yes", "no")) == "yes"
    head = "\n".join((
        f"<title>{e(a.title)}{SUFFIX}</title>",
        head_links(view.brand, view.url),
        f'<meta property="og:title" content="{e(a.title)}">',
        f'<meta property="og:image" content="{e(view.image_url)}">',
        json_ld(news_article_ld(view, with_body=with_body)),
    ))
    watch_also = read_also(view.related[:1], css="inline-related", heading="شاهد أيضا")
    dateline = e(a.author) if a.author else "أبوظبي - سكاي نيوز عربية"
    body = f"""<body dir="rtl">
{_header(view.sections, home)}
<div class="sna-page">
<div class="article-details">
<div class="article-section"><a href="{e(view.section.url)}">{e(view.section.title)}</a></div>
<h1 class="article-title">{e(a.title)}</h1>
<div class="article-info"><span class="dateline">{dateline}</span>
<span class="time">نشر في: {view.published:%Y-%m-%d %H:%M} (بتوقيت أبوظبي)</span></div>
{figure(view, css="article-image")}
{share_buttons(view, css="social-share")}
<div class="article-body">
{body_paragraphs(view, inline=watch_also, after=3)}
</div>
<div class="related-news"><h2>أخبار ذات صلة</h2>{link_list(view.related)}</div>
</div>
<div class="sna-side">{ad("mpu-1")}{most_read(view.most_read, css="most-popular")}
{newsletter(css="sna-newsletter")}</div>
</div>
{cookie_notice(css="sna-cookies")}
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The front page: a headline list with times."""
    items = "\n".join(
        f'<div class="news-card"><a href="{e(t.url)}" title="{e(t.title)}">{e(t.title)}</a>'
        f'<span class="card-section">{e(t.section)}</span>'
        f'<span class="card-time">{t.published:%Y-%m-%d %H:%M}</span></div>'
        for t in view.teasers
    )
    head = "<title>سكاي نيوز عربية | الرئيسية</title>\n" + head_links(
        view.brand, view.brand.homepage
    )
    body = f"""<body dir="rtl">
{_header(view.sections, view.brand.homepage)}
<div class="sna-page"><div class="latest-news">{items}</div>
<div class="sna-side">{most_read(view.most_read, css="most-popular")}</div></div>
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
