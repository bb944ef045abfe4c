"""A WordPress content farm that republishes other outlets' articles.

Each copy is wrapped the way such sites do it (see shared/reference/aggregator-page-example.txt):
an intro naming the site and the title, the original paragraphs, sometimes a source line with a
link to the original, an outro disclaiming responsibility, and Jetpack's subscription block, all
inside the same ``entry-content`` container, so an extractor must strip the wrapper itself.
"""

from __future__ import annotations

from typing import Any

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    cookie_notice,
    document,
    e,
    figure,
    head_links,
    json_ld,
    link_list,
    nav,
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SITE = "زاد الأخبار"


def intro(site: str, title: str) -> tuple[str, str]:
    """The two lines of the intro, exactly as the farm prints them."""
    return (f"ننقل لكم في موقع {site} موضوع ({title} )",
            "نتمنى لكم الفائدة ونشكر المصدر الأصلي على النشر.")


def outro(site: str, title: str) -> str:
    """The closing disclaimer, exactly as the farm prints it."""
    return (f"موقع {site} موقع منوع ننقل به أخبار ومعلومات مفيدة للمستخدم العربي."
            f" والمصدر الأصلي هو المعني بكل ما ورد في مقال {title}")


SUBSCRIBE_HEADING = f"اكتشاف المزيد من موقع {SITE}"
SUBSCRIBE_TEXT = "اشترك للحصول على أحدث التدوينات المرسلة إلى بريدك الإلكتروني."


def _graph(view: ArticleView) -> dict[str, Any]:
    """Yoast SEO's JSON-LD graph: the copy claims the article as its own."""
    a = view.article
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "@id": view.url + "#article", "headline": a.title,
             "datePublished": view.published.isoformat(),
             "dateModified": view.published.isoformat(),
             "author": {"@type": "Person", "name": "admin"},
             "articleSection": [view.section.title], "inLanguage": "ar",
             "mainEntityOfPage": {"@id": view.url}},
            {"@type": "WebPage", "@id": view.url, "url": view.url, "name": a.title + " - " + SITE},
            {"@type": "WebSite", "@id": view.brand.homepage + "#website",
             "url": view.brand.homepage, "name": SITE},
        ],
    }


def _header(sections: tuple[Link, ...], home: str) -> str:
    return (f'<header id="masthead" class="site-header"><div class="site-branding">'
            f'<p class="site-title"><a href="{e(home)}" rel="home">{SITE}</a></p>'
            '<p class="site-description">موقع منوع للأخبار والمعلومات</p></div>'
            f'{nav(sections, css="main-navigation", home=Link("الرئيسية", home))}</header>')


def _footer() -> str:
    return ('<footer id="colophon" class="site-footer"><div class="site-info">'
            f'<a href="https://wordpress.org/">مدعوم بواسطة ووردبريس</a> | {SITE}</div></footer>')


def entry_content(view: ArticleView) -> str:
    """The post body with its wrapper, as the page and the feed's content:encoded carry it."""
    a = view.article
    first, second = intro(SITE, a.title)
    paras = "\n".join(f"<p>{e(p)}</p>" for p in view.paragraphs)
    credit = ""
    if view.credit is not None and view.credit.url is not None:
        credit = (f'<p>المصدر: <a href="{e(view.credit.url)}" rel="nofollow noopener">'
                  f"{e(view.credit.outlet_name)}</a></p>")
    return f"""<div class="entry-content">
<p>{e(first)}<br>
{e(second)}</p>
{paras}
{credit}
<p>{e(outro(SITE, a.title))}</p>
<div class="wp-block-jetpack-subscriptions__container">
<h2 class="wp-block-heading">{e(SUBSCRIBE_HEADING)}</h2>
<p>{e(SUBSCRIBE_TEXT)}</p>
<form action="#" method="post">
<input type="email" name="email" placeholder="اكتب بريدك الإلكتروني…">
<button type="submit">اشترك</button></form>
</div>
</div>"""


def article(view: ArticleView) -> str:
    """A WordPress single post."""
    a = view.article
    home = view.brand.homepage
    post_id = sum(a.slug.encode()) % 9000 + 1000
    head = "\n".join((
        f"<title>{e(a.title)} - {SITE}</title>",
        head_links(view.brand, view.url),
        '<meta name="generator" content="WordPress 6.3.1">',
        f'<meta property="og:title" content="{e(a.title)}">',
        f'<meta property="article:published_time" content="{view.published.isoformat()}">',
        json_ld(_graph(view)),
    ))
    body = f"""<body class="post-template-default single single-post postid-{post_id}" dir="rtl">
<div id="page" class="site">
{_header(view.sections, home)}
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{e(a.title)}</h1>
<div class="entry-meta">
<span class="posted-on">نُشر في <time class="entry-date published"
 datetime="{view.published.isoformat()}">{view.published:%Y-%m-%d}</time></span>
<span class="byline">بواسطة <a href="{e(home)}author/admin/">admin</a></span></div></header>
{figure(view, css="post-thumbnail")}
{entry_content(view)}
<footer class="entry-footer"><span class="cat-links">نُشر في <a href="{e(view.section.url)}">
{e(view.section.title)}</a></span></footer>
</article>
{share_buttons(view, css="sharedaddy sd-sharing-enabled")}
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">ذات صلة</h3>
{link_list(view.related)}</div>
<div id="comments" class="comments-area"><div id="respond"><h3>اترك تعليقاً</h3>
<form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea>
<button type="submit">أرسل التعليق</button></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">أحدث المقالات</h2>{link_list(view.most_read)}</section></aside>
</div>
{cookie_notice(css="cookie-law-info-bar")}
{_footer()}
</div>
</body>"""
    return document(lang_dir='dir="rtl" lang="ar"', charset="UTF-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The blog index: excerpts with "اقرأ المزيد" links."""
    posts = "\n".join(
        f'<article class="post"><h2 class="entry-title"><a href="{e(t.url)}">{e(t.title)}</a></h2>'
        f'<time datetime="{t.published.isoformat()}">{t.published:%Y-%m-%d}</time>'
        f'<div class="entry-summary"><p>{e(t.summary)}</p></div>'
        f'<a class="more-link" href="{e(t.url)}">اقرأ المزيد</a></article>'
        for t in view.teasers
    )
    head = f"<title>{SITE} - موقع منوع للأخبار والمعلومات</title>\n" + head_links(
        view.brand, view.brand.homepage
    )
    body = f"""<body class="home blog" dir="rtl"><div id="page" class="site">
{_header(view.sections, view.brand.homepage)}
<main id="main" class="site-main">{posts}</main>
{_footer()}
</div></body>"""
    return document(lang_dir='dir="rtl" lang="ar"', charset="UTF-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
