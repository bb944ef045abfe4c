"""Al Arabiya style: a portal layout, JSON-LD ``NewsArticle`` with the full ``articleBody``,
breadcrumbs above the headline, an inline "اقرأ أيضاً" box, a most-read sidebar."""

from __future__ import annotations

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    ad,
    arabic_date,
    body_paragraphs,
    breadcrumbs,
    comments,
    cookie_notice,
    document,
    e,
    figure,
    head_links,
    json_ld,
    most_read,
    nav,
    news_article_ld,
    newsletter,
    og_meta,
    read_also,
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SUFFIX = " | العربية"


def _header(sections: tuple[Link, ...], home: str) -> str:
    return (f'<header class="site-header"><div class="top-bar"><a class="logo" href="{e(home)}">'
            'العربية</a><span class="edition">النسخة العربية</span>'
            '<form class="search" action="/search"><input name="q" placeholder="بحث"></form></div>'
            f'{nav(sections, css="main-menu", home=Link("الرئيسية", home))}</header>')


def _footer() -> str:
    return ('<footer class="site-footer"><ul class="footer-links"><li><a href="/about">من نحن</a>'
            '</li><li><a href="/contact">اتصل بنا</a></li><li><a href="/terms">شروط الاستخدام</a>'
            '</li></ul><p>جميع الحقوق محفوظة © العربية 2018</p></footer>')


def article(view: ArticleView) -> str:
    """An article page with breadcrumbs, byline, lead figure, body and sidebar."""
    a = view.article
    home = view.brand.homepage
    head = "\n".join((
        f"<title>{e(a.title)}{SUFFIX}</title>",
        head_links(view.brand, view.url),
        og_meta(view, site_name="العربية"),
        json_ld(news_article_ld(view, with_body=True)),
    ))
    byline = f'<span class="author">{e(a.author)}</span>' if a.author else ""
    body = f"""<body class="article-page" dir="rtl">
{cookie_notice(css="cookie-bar")}
{_header(view.sections, home)}
{ad("leaderboard")}
<div class="container">
<main class="main-col">
{breadcrumbs((Link("الرئيسية", home), view.section), css="breadcrumb")}
<article class="article">
<header class="article-head"><h1 class="headline">{e(a.title)}</h1>
<div class="meta">{byline}<time datetime="{view.published.isoformat()}">
{e(arabic_date(view.published, with_time=True))}</time></div>
{share_buttons(view, css="share-top")}</header>
{figure(view, css="main-img")}
<div class="article-body" id="body-text">
{body_paragraphs(view, inline=read_also(view.related, css="read-also"))}
</div>
<div class="tags"><span>مواضيع:</span> <a href="{e(view.section.url)}">{e(view.section.title)}</a>
</div>
{share_buttons(view, css="share-bottom")}
</article>
{comments(view, css="comments")}
</main>
<div class="sidebar">{most_read(view.most_read, css="most-read")}{ad("sidebar-mpu")}
{newsletter(css="newsletter")}</div>
</div>
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The homepage: a lead story and a list of the rest, newest first."""
    items = "\n".join(
        f'<li class="news-item"><a href="{e(t.url)}"><h3>{e(t.title)}</h3></a>'
        f'<span class="section">{e(t.section)}</span>'
        f'<time datetime="{t.published.isoformat()}">{e(arabic_date(t.published))}</time>'
        f"<p>{e(t.summary)}</p></li>"
        for t in view.teasers
    )
    head = f"<title>العربية | آخر الأخبار</title>\n{head_links(view.brand, view.brand.homepage)}"
    body = f"""<body class="home" dir="rtl">
{cookie_notice(css="cookie-bar")}
{_header(view.sections, view.brand.homepage)}
<div class="container"><main><h2>آخر الأخبار</h2><ul class="latest">{items}</ul></main>
<div class="sidebar">{most_read(view.most_read, css="most-read")}</div></div>
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
