"""Jawhara FM style (Tunisia): no JSON-LD, no Open Graph, no ``<time>``: the date exists only
as Arabic text with Tunisian month names ("الأربعاء ١ فيفري ٢٠١٧ - ٠٨:٤٨", local time, no
zone). A radio site's furniture: the live player, programme links, a poll."""

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
    most_read,
    read_also,
    share_buttons,
)
from naql.demo.views import ArticleView, HomeView, Link

SUFFIX = " - Jawhara FM"


def _header(sections: tuple[Link, ...], home: str) -> str:
    menu = "".join(f'<a class="menu-item" href="{e(s.url)}">{e(s.title)}</a>' for s in sections)
    return (f'<div id="top"><a href="{e(home)}"><img src="{e(home)}static/logo.png" '
            'alt="جوهرة أف أم"></a><div id="player"><span>استمع للبث المباشر</span>'
            '<button type="button">▶</button></div></div>'
            f'<div id="menu"><a class="menu-item" href="{e(home)}">الرئيسية</a>{menu}'
            '<a class="menu-item" href="/programmes">البرامج</a></div>')


def _poll() -> str:
    return ('<div class="poll"><h4>سبر آراء</h4><p>هل أنت راض عن برامج جوهرة أف أم؟</p>'
            '<label><input type="radio" name="p" value="1"> نعم</label>'
            '<label><input type="radio" name="p" value="2"> لا</label></div>')


def _footer() -> str:
    return ('<div id="footer"><p>جوهرة أف أم - إذاعة خاصة - سوسة، تونس</p>'
            '<p>Copyright © 2017 Jawhara FM</p></div>')


def article(view: ArticleView) -> str:
    """An article page whose date a reader sees only as words."""
    a = view.article
    home = view.brand.homepage
    head = f"<title>{e(a.title)}{SUFFIX}</title>\n{head_links(view.brand, None)}"
    date = arabic_date(view.published, maghreb=True, with_time=True)
    body = f"""<body dir="rtl">
{_header(view.sections, home)}
<div id="wrapper">
<div id="content">
{breadcrumbs((Link("الرئيسية", home), view.section), css="chemin")}
<div class="article_block">
<div class="titre"><h1>{e(a.title)}</h1></div>
<div class="date_article">{e(date)}</div>
{figure(view, css="img_article")}
<div class="texte">
{body_paragraphs(view, inline=read_also(view.related[:2], css="lire_aussi"), after=1)}
</div>
{share_buttons(view, css="partage")}
</div>
{comments(view, css="commentaires")}
</div>
<div id="sidebar">{most_read(view.most_read, css="plus_lus", heading="الأكثر قراءة")}{_poll()}
{ad("pave")}</div>
</div>
{cookie_notice(css="cookies")}
{_footer()}
</body>"""
    return document(lang_dir='dir="rtl"', charset="utf-8", head=head, body=body)


def home(view: HomeView) -> str:
    """The front page: a plain list of titles with their dates in words."""
    items = "\n".join(
        f'<div class="une"><a href="{e(t.url)}">{e(t.title)}</a><span class="rubrique">'
        f'{e(t.section)}</span><span class="date">{e(arabic_date(t.published, maghreb=True))}'
        "</span></div>"
        for t in view.teasers
    )
    head = f"<title>جوهرة أف أم{SUFFIX}</title>\n{head_links(view.brand, None)}"
    body = f"""<body dir="rtl">
{_header(view.sections, view.brand.homepage)}
<div id="wrapper"><div id="content">{items}</div>
<div id="sidebar">{most_read(view.most_read, css="plus_lus")}</div></div>
{_footer()}
</body>"""
    return document(lang_dir='dir="rtl"', charset="utf-8", head=head, body=body)


TEMPLATE = OutletTemplate(article=article, home=home)
