"""France 24 Arabic style: Open Graph and Dublin Core meta tags (no JSON-LD), the first
paragraph set apart as a "chapo" lead, an inline "اقرأ المزيد" aside and an Atom feed."""

from __future__ import annotations

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    ad,
    arabic_date,
    comments,
    cookie_notice,
    document,
    e,
    figure,
    head_links,
    link_list,
    most_read,
    nav,
    newsletter,
    og_meta,
    read_also,
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SUFFIX = " - فرانس 24"


def _header(sections: tuple[Link, ...], home: str) -> str:
    return (f'<header class="o-header"><a class="o-header__logo" href="{e(home)}">فرانس 24</a>'
            '<div class="o-header__live"><a href="/live">البث المباشر</a></div>'
            f'{nav(sections, css="m-menu", home=Link("الرئيسية", home))}</header>')


def _footer() -> str:
    return ('<footer class="o-footer"><p>فرانس 24 - قناة إخبارية دولية تبث على مدار الساعة'
            '</p><ul><li><a href="/contact">اتصل بنا</a></li><li><a href="/legal">'
            "الشروط القانونية</a></li></ul></footer>")


def _body(view: ArticleView) -> str:
    """Lead paragraph as the chapo, the rest in the body, the related aside after the third."""
    paras = view.paragraphs
    out = [f'<p class="t-content__chapo">{e(paras[0])}</p>', '<div class="t-content__body">']
    for n, p in enumerate(paras[1:], start=2):
        out.append(f"<p>{e(p)}</p>")
        if n == 3 and len(paras) > 4:
            out.append(read_also(view.related, css="m-em-related", heading="اقرأ المزيد"))
    out.append("</div>")
    return "\n".join(out)


def article(view: ArticleView) -> str:
    """An article page; the byline is the agency-style "نص" line."""
    a = view.article
    home = view.brand.homepage
    head = "\n".join((
        f"<title>{e(a.title)}{SUFFIX}</title>",
        head_links(view.brand, view.url),
        og_meta(view, site_name="France 24"),
        f'<meta name="DC.date.issued" content="{view.published.isoformat()}">',
        f'<meta name="description" content="{e(a.paragraphs[0][:160])}">',
    ))
    author = a.author or "فرانس24"
    body = f"""<body dir="rtl" class="t-article">
{_header(view.sections, home)}
{ad("banner-top", css="o-ad")}
<main class="t-content">
<article class="t-content__article-wrapper">
<div class="t-content__section"><a href="{e(view.section.url)}">{e(view.section.title)}</a></div>
<h1 class="t-content__title a-page-title">{e(a.title)}</h1>
<div class="m-pub-dates"><span>نشرت في:</span> <time datetime="{view.published.isoformat()}">
{e(arabic_date(view.published, with_time=True))}</time></div>
<p class="m-from-author"><span>نص:</span> {e(author)}</p>
{share_buttons(view, css="m-share")}
{figure(view, css="m-figure")}
{_body(view)}
<div class="m-tags"><span>الكلمات المفتاحية:</span>{link_list((view.section,))}</div>
</article>
<aside class="t-content__aside">{most_read(view.most_read, css="m-most-read")}
{ad("mpu", css="o-ad")}</aside>
</main>
{newsletter(css="m-newsletter")}
{comments(view, css="m-comments")}
{cookie_notice(css="m-consent")}
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The front page: article cards with the section as a kicker."""
    cards = "\n".join(
        f'<article class="m-item-list-article"><div class="kicker">{e(t.section)}</div>'
        f'<a href="{e(t.url)}"><p class="article__title">{e(t.title)}</p></a>'
        f'<time datetime="{t.published.isoformat()}">{e(arabic_date(t.published))}</time>'
        "</article>"
        for t in view.teasers
    )
    head = "<title>فرانس 24 - الأخبار الدولية على مدار الساعة</title>\n" + head_links(
        view.brand, view.brand.homepage
    )
    body = f"""<body dir="rtl">
{_header(view.sections, view.brand.homepage)}
<main class="t-home"><section class="o-list">{cards}</section>
{most_read(view.most_read, css="m-most-read")}</main>
{_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
