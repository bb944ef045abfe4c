"""First cut of the extractor: JSON-LD and meta tags for metadata, trafilatura for the body,
pattern-based removal of republishers' wrappers, nh3 for the HTML."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import nh3
import trafilatura
from lxml import html as lxml_html

from naql.extract.model import Article, ExtractOptions, RejectReason, Rejected
from naql.text.encoding import decode_document

# Sentences republishing sites wrap around copied articles (see docs/design): intro, outro, and
# the subscribe box. Matched per paragraph, after whitespace folding.
_WRAPPER_PATTERNS = [
    re.compile(p)
    for p in (
        r"^ننقل لكم في موقع",
        r"نتمنى لكم الفائدة",
        r"ونشكر المصدر الأصلي",
        r"والمصدر الأصلي هو المعني",
        r"^اكتشاف المزيد من",
        r"^اشترك للحصول على أحدث التدوينات",
    )
]


def _jsonld_article(tree: Any) -> dict[str, Any]:
    for node in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            doc = json.loads(node)
        except ValueError:
            continue
        stack = doc if isinstance(doc, list) else [doc]
        while stack:
            d = stack.pop()
            if not isinstance(d, dict):
                continue
            if "@graph" in d:
                stack.extend(d["@graph"])
            t = d.get("@type")
            types = t if isinstance(t, list) else [t]
            if any(x in ("NewsArticle", "Article", "ReportageNewsArticle") for x in types):
                return d
    return {}


def _meta(tree: Any, *names: str) -> str | None:
    for n in names:
        v = tree.xpath(f'//meta[@property="{n}" or @name="{n}"]/@content')
        if v and v[0].strip():
            return str(v[0]).strip()
    return None


def _parse_dt(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _author(ld: dict[str, Any]) -> str | None:
    a = ld.get("author")
    if isinstance(a, list):
        a = a[0] if a else None
    if isinstance(a, dict):
        a = a.get("name")
    return a if isinstance(a, str) and a.strip() else None


def _is_wrapper(paragraph: str, options: ExtractOptions) -> bool:
    p = " ".join(paragraph.split())
    return p in options.boilerplate_lines or any(r.search(p) for r in _WRAPPER_PATTERNS)


def extract_article(
    page: bytes | str, url: str | None = None, options: ExtractOptions | None = None
) -> Article | Rejected:
    """Extract the article of one page. Never raises on bad input: returns ``Rejected``."""
    options = options or ExtractOptions()
    text_in = decode_document(page) if isinstance(page, bytes) else page
    if not text_in.strip():
        return Rejected(RejectReason.EMPTY, "the page is empty")
    if "<" not in text_in[:5000]:
        return Rejected(RejectReason.NOT_HTML, "the input does not look like HTML")
    try:
        tree = lxml_html.fromstring(text_in)
    except (ValueError, lxml_html.etree.ParserError) as e:
        return Rejected(RejectReason.NOT_HTML, f"the page could not be parsed: {e}")
    ld = _jsonld_article(tree)
    body_html = trafilatura.extract(
        text_in, url=url, output_format="html", include_comments=False, include_tables=False
    )
    paragraphs: list[str] = []
    if body_html:
        body_tree = lxml_html.fromstring(body_html)
        for el in body_tree.iter("p", "h2", "h3", "h4", "li", "blockquote"):
            t = " ".join(el.text_content().split())
            if t and not _is_wrapper(t, options):
                paragraphs.append(t)
    text = "\n\n".join(paragraphs)
    if len(text) < options.min_text_chars:
        return Rejected(RejectReason.TOO_SHORT, f"only {len(text)} characters of body text")
    title = (
        (ld.get("headline") if isinstance(ld.get("headline"), str) else None)
        or _meta(tree, "og:title")
        or " ".join(tree.xpath("string(//h1)").split())
        or " ".join(tree.xpath("string(//title)").split())
    )
    body = "".join(f"<p>{nh3.clean_text(p)}</p>" for p in paragraphs)
    image = ld.get("image")
    if isinstance(image, dict):
        image = image.get("url")
    if isinstance(image, list):
        image = image[0] if image else None
    return Article(
        title=title or "",
        text=text,
        html=nh3.clean(body),
        url=url or _meta(tree, "og:url"),
        author=_author(ld) or _meta(tree, "author"),
        published=_parse_dt(ld.get("datePublished") or _meta(tree, "article:published_time")),
        updated=_parse_dt(ld.get("dateModified") or _meta(tree, "article:modified_time")),
        image=image if isinstance(image, str) else _meta(tree, "og:image"),
        section=ld.get("articleSection") if isinstance(ld.get("articleSection"), str) else _meta(tree, "article:section"),
        lang=(tree.get("lang") or "").split("-")[0] or None,
        site_name=_meta(tree, "og:site_name"),
        description=_meta(tree, "og:description", "description"),
    )
