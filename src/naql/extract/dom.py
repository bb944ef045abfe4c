"""Parsing a page into an lxml tree and removing what is never article text.

Why lxml and not a second parser: one tree serves metadata, scoring and serialising, and lxml's
parser is C, tolerant of broken markup, and caps nesting at 255 levels, so a hostile
10,000-level page cannot exhaust our recursion. Removal here is conservative: only elements whose
tag, class or id says they are navigation, sharing, ads, comments or newsletter boxes, and never
one that holds most of the page's paragraphs.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml import etree

from naql.errors import ParseError

HtmlElement: TypeAlias = etree._Element  # lxml's public element type

# Never text: removed with their content.
_JUNK_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "dialog", "link", "meta",
)
# Usually boilerplate, but broken markup (an unclosed <aside>) or ASP.NET's page-wide <form> can
# swallow the article: these go only when they hold a minority of the page's paragraphs.
_SECTIONING_JUNK = ("nav", "aside", "form", "menu", "header", "footer")
# Class/id words that mark boilerplate; a positive word beside them wins (readability's rule).
_NEGATIVE = re.compile(
    r"share|sharing|social|related|relat|read-?more|readmore|more-?news|newsletter|subscri|"
    r"comment|disqus|advert|(?:^|[\s_-])ads?(?:$|[\s_-])|adslot|dfp|banner|sponsor|cookie|consent|"
    r"gdpr|breadcrumb|sidebar|widget|promo|popup|modal|(?:^|[\s_-])tags?(?:$|[\s_-])|"
    r"footer|(?:^|[\s_-])menu|navbar|(?:^|[\s_-])nav(?:$|[\s_-])|pagination|pager|print|"
    r"author-?bio|most-?read|mostread|trending|recommend|outbrain|taboola|taboo|"
    r"toolbar|follow|rating|masthead|login|signup|popular|video-?list|also",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"article|body|content|entry|main|post|story|text|detail|news-?text|hentry|blog",
    re.IGNORECASE,
)
# Headings that open a box of other articles, comments or sign-ups rather than a section of the
# article: the box goes with its heading.
_BOX_HEADING = re.compile(
    r"^(?:you (?:might|may) (?:also )?like|related(?: posts| articles| stories| reads| content| news)?|"
    r"recommended(?: posts| for you| reading| stories)?|popular(?: posts| stories| now)?|"
    r"trending(?: stories| now| articles)?|more (?:from|stories|articles|news|on)\b.*|read next|"
    r"most (?:read|popular|viewed)|latest (?:news|posts|articles|stories)|comments?|"
    r"\d+ comments?|leave a (?:reply|comment)|share this(?: article| post| story)?|"
    r"about the author|stay in the loop|sign up.*|subscribe.*|newsletter|"
    r"(?:أخبار|مقالات|مواضيع|موضوعات|قصص|محتوى) (?:ذات صلة|متعلقة|مشابهة|أخرى|مقترحة)|"
    r"(?:اقرأ|إقرأ|اقرا|شاهد|طالع) (?:أيضا|أيضاً|ايضا|المزيد)|الأكثر (?:قراءة|مشاهدة|تداولا|تداولاً)|"
    r"(?:آخر|أحدث|اخر|احدث) (?:الأخبار|الاخبار|المقالات)|التعليقات|تعليقات|أضف تعليق|اترك تعليقا|"
    r"قد يهمك.*|ربما يعجبك.*|المزيد من .*|النشرة البريدية|اشترك .*|ذات صلة|تابعنا.*)\s*:?$",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def parse(text: str) -> HtmlElement:
    """Parse HTML text; ``ParseError`` when lxml cannot build a tree at all."""
    # Plain etree elements, not lxml.html's: its per-element class lookup was a tenth of our time.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
    # lxml refuses str input that declares an encoding in an XML prolog.
    if text.lstrip().startswith("<?xml"):
        text = text.split("?>", 1)[-1]
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as e:
        raise ParseError(f"the page could not be parsed as HTML: {e}") from e
    if root is None:
        raise ParseError("the page could not be parsed as HTML: no document element")
    return root


def text_of(el: HtmlElement) -> str:
    """All text inside an element (lxml.html's ``text_content`` for plain etree elements)."""
    return "".join(el.itertext())


def attr_words(el: HtmlElement) -> str:
    """The class and id of an element, the words site builders use to say what it is."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def is_boilerplate_box(el: HtmlElement) -> bool:
    """Whether class/id/role/hidden-ness mark this element as not part of any article."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    role = el.get("role")
    if role in ("navigation", "complementary", "banner", "contentinfo", "search", "dialog"):
        return True
    words = attr_words(el)
    if not words or not _NEGATIVE.search(words):
        return False
    return not _POSITIVE.search(words)


def _paragraph_chars(el: HtmlElement) -> int:
    """Text in paragraphs: the measure of how much of the article an element would take."""
    return sum(len(text_of(p)) for p in el.iter("p"))


def clean(root: HtmlElement) -> None:
    """Remove junk in place. Elements named like boilerplate are kept when they hold more than
    half of the page's paragraph text: a site that calls its article ``div.share-wrapper`` is
    rarer than one that nests everything inside such a wrapper."""
    for el in list(root.iter(*_JUNK_TAGS)):
        drop(el)
    total = _paragraph_chars(root) or 1
    all_text = len(text_of(root)) or 1
    for el in list(root.iter(*_SECTIONING_JUNK)):
        if el.getparent() is None:
            continue
        chars = _paragraph_chars(el)
        if (chars < 400 or chars * 2 < total) and len(text_of(el)) * 2 < all_text:
            drop(el)
    _drop_boxes(root, total)
    body = root.find("body")
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body") or el is body:
            continue
        if el.getparent() is None or not is_boilerplate_box(el):
            continue
        if el.tag in ("article", "main"):
            continue
        if _paragraph_chars(el) * 2 > total > 400:
            continue
        drop(el)


def _drop_boxes(root: HtmlElement, total: int) -> None:
    """Remove "Related posts" / "الأكثر قراءة" boxes found by their heading: the heading's
    wrapper when that is small, else the heading and what follows it in its parent."""
    for h in list(root.iter("h2", "h3", "h4", "h5", "h6")):
        if h.getparent() is None:
            continue
        text = text_of(h).strip()
        if not text or len(text) > 60 or not _BOX_HEADING.match(text):
            continue
        box = h.getparent()
        if box is not None and len(text_of(box)) < 2 * len(text) + 20 and box.getparent() is not None:
            box = box.getparent()
        if box is not None and box.tag not in ("body", "html", "article", "main") and _paragraph_chars(box) * 2 < total:
            drop(box)
            continue
        for sib in list(h.itersiblings()):
            drop(sib)
        drop(h)


def drop(el: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the surrounding text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
