"""BBC Arabic style: BEM class names, JSON-LD ``NewsArticle`` without ``articleBody``, a date
printed with both month names ("١٢ مارس/ آذار ٢٠١٨"), related topics and most-read below the
story instead of a sidebar."""

from __future__ import annotations

from datetime import datetime

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    EASTERN_DIGITS,
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
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SUFFIX = " - BBC News عربي"
LEVANT_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                 "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر")


def bbc_date(when: datetime) -> str:
    """The BBC Arabic date line: day, both month names, year."""
    m = when.month - 1
    return f"{when.day} {MONTHS[m]}/ {LEVANT_MONTHS[m]} {when.year}".translate(
        EASTERN_DIGITS
    )


def _masthead(sections: tuple[Link, ...], home: str) -> str:
    return (f'<div id="orb-banner" role="banner"><a href="{e(home)}" class="orb-logo">BBC</a>'
            '<a href="/account">تسجيل الدخول</a></div>'
            f'<div class="navigation navigation--wide"><a class="brand" href="{e(home)}">'
            f'BBC News عربي</a>{nav(sections, css="navigation__list", home=Link("الرئيسية", home))}'
            "</div>")


def _orb_footer() -> str:
    return ('<div id="orb-footer"><ul><li><a href="/terms">شروط الاستخدام</a></li>'
            '<li><a href="/privacy">سياسة الخصوصية</a></li><li><a href="/cookies">الكوكيز</a></li>'
            '</ul><p>© 2018 بي بي سي. بي بي سي ليست مسؤولة عن محتوى المواقع الخارجية.</p></div>')


def article(view: ArticleView) -> str:
    """A story page; the sidebar boxes come after the story body in the document order."""
    a = view.article
    home = view.brand.homepage
    head = "\n".join((
        f"<title>{e(a.title)}{SUFFIX}</title>",
        head_links(view.brand, view.url),
        f'<meta name="description" content="{e(a.paragraphs[0][:160])}">',
        json_ld(news_article_ld(view, with_body=False)),
    ))
    byline = (f'<div class="byline"><span class="byline__name">{e(a.author)}</span>'
              '<span class="byline__title">بي بي سي</span></div>') if a.author else ""
    body = f"""<body dir="rtl">
{_masthead(view.sections, home)}
{cookie_notice(css="cookie-banner")}
<div id="page" class="container">
<div class="container--primary-and-secondary-columns">
<div class="column--primary" role="main">
<div class="story-body">
<h1 class="story-body__h1">{e(a.title)}</h1>
<div class="story-body__mini-info-list-and-share">
<ul class="mini-info-list"><li class="mini-info-list__item">
<div class="date date--v2" data-seconds="{int(view.published.timestamp())}"
 data-datetime="{view.published:%d %B %Y}">{e(bbc_date(view.published))}</div></li>
<li class="mini-info-list__item"><a class="mini-info-list__section" href="{e(view.section.url)}">
{e(view.section.title)}</a></li></ul>
{share_buttons(view, css="share-tools-list")}
</div>
{byline}
<div class="story-body__inner" property="articleBody">
{figure(view, css="media-landscape has-caption full-width")}
{body_paragraphs(view, inline="", after=0)}
</div>
</div>
<div class="tags-container"><h2>موضوعات ذات صلة</h2>{link_list((view.section,), tag="ul")}</div>
<div class="group story-more"><h2 class="group__title">قصص ذات صلة</h2>{link_list(view.related)}
</div>
</div>
<div class="column--secondary">
{most_read(view.most_read, css="most-popular", heading="الأكثر قراءة")}{ad("mpu")}</div>
</div>
{newsletter(css="newsletter-signup")}
</div>
{_orb_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The front page: a grid of story promos."""
    promos = "\n".join(
        f'<div class="promo"><h3 class="promo__heading"><a class="promo__link" href="{e(t.url)}">'
        f'{e(t.title)}</a></h3><p class="promo__summary">{e(t.summary)}</p>'
        f'<div class="date" data-seconds="{int(t.published.timestamp())}">'
        f"{e(bbc_date(t.published))}</div></div>"
        for t in view.teasers
    )
    head = f"<title>الرئيسية{SUFFIX}</title>\n{head_links(view.brand, view.brand.homepage)}"
    body = f"""<body dir="rtl">
{_masthead(view.sections, view.brand.homepage)}
<div id="page" class="container"><div class="promo-grid">{promos}</div>
{most_read(view.most_read, css="most-popular")}</div>
{_orb_footer()}
</body>"""
    return document(lang_dir='lang="ar" dir="rtl"', charset="utf-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
