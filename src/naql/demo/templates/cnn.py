"""CNN Arabic, old-school: served in windows-1256, declared by an ``http-equiv`` meta tag, with
Open Graph tags as the only metadata, a table layout for the sidebar and the date only in UTC
("GMT") text beside the ``article:published_time`` tag."""

from __future__ import annotations

from datetime import UTC

from naql.demo.templates import OutletTemplate
from naql.demo.templates.common import (
    ad,
    body_paragraphs,
    breadcrumbs,
    cookie_notice,
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

SUFFIX = " - CNNArabic.com"
CHARSET = "windows-1256"


def _document(head: str, body: str) -> str:
    return ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl" lang="ar">\n<head>\n'
            f'<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}" />\n'
            f"{head}\n</head>\n{body}\n</html>\n")


def _top(sections: tuple[Link, ...], home: str) -> str:
    return (f'<div id="cnn-header"><a id="cnn-logo" href="{e(home)}">CNN بالعربية</a>'
            f'{nav(sections, css="cnn-nav", home=Link("الرئيسية", home))}</div>')


def _bottom() -> str:
    return ('<div id="cnn-footer"><a href="/about">عن سي إن إن بالعربية</a> | '
            '<a href="/terms">شروط الاستخدام</a> | <a href="/privacy">سياسة الخصوصية</a>'
            '<p>© 2018 Cable News Network. Turner Broadcasting System, Inc.</p></div>')


def article(view: ArticleView) -> str:
    """A story in a two-cell table: body on the right, most-read and ads on the left."""
    a = view.article
    home = view.brand.homepage
    utc = view.published.astimezone(UTC)
    head = "\n".join((
        f"<title>{e(a.title)}{SUFFIX}</title>",
        head_links(view.brand, view.url),
        og_meta(view, site_name="CNN Arabic"),
        f'<meta name="description" content="{e(a.paragraphs[0][:200])}" />',
    ))
    body = f"""<body>
{cookie_notice(css="cnn-cookie")}
{_top(view.sections, home)}
{breadcrumbs((Link("الرئيسية", home), view.section), css="cnn-crumbs")}
<table id="layout" width="100%" cellpadding="0" cellspacing="0"><tr>
<td id="main-cell" valign="top">
<div class="cnn-story">
<h1 id="headline">{e(a.title)}</h1>
<div class="cnn-timestamp">آخر تحديث: {utc:%d/%m/%Y} {utc:%H:%M} GMT</div>
{share_buttons(view, css="cnn-share")}
{figure(view, css="cnn-image")}
<div id="storytext" class="cnn-body">
{body_paragraphs(view, inline=read_also(view.related, css="cnn-related"), after=1)}
</div>
<div class="cnn-more"><b>المزيد من {e(view.section.title)}</b>{link_list(view.related)}</div>
</div>
</td>
<td id="side-cell" width="300" valign="top">{ad("cnn-300x250")}
{most_read(view.most_read, css="cnn-mostread")}{newsletter(css="cnn-newsletter")}</td>
</tr></table>
{_bottom()}
</body>"""
    return _document(head, body)


def home(view: HomeView) -> str:
    """The front page as a table of headlines."""
    rows = "\n".join(
        f'<tr><td class="hl"><a href="{e(t.url)}">{e(t.title)}</a></td>'
        f'<td class="sec">{e(t.section)}</td>'
        f'<td class="ts">{t.published.astimezone(UTC):%d/%m/%Y %H:%M} GMT</td></tr>'
        for t in view.teasers
    )
    head = f"<title>الرئيسية{SUFFIX}</title>\n{head_links(view.brand, view.brand.homepage)}"
    body = f"""<body>
{_top(view.sections, view.brand.homepage)}
<table id="headlines">{rows}</table>
{most_read(view.most_read, css="cnn-mostread")}
{_bottom()}
</body>"""
    return _document(head, body)


TEMPLATE = OutletTemplate(article=article, home=home)
