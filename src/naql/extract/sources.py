"""The address of the original article a republished page credits.

Why links and not only names: aggregators link the source ("المصدر: الشرق الأوسط" with the
outlet's URL, or a "read the original" link), and the link is what dedupe and attribution need.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from naql.extract.dom import HtmlElement, text_of
from naql.extract.textnorm import fold_arabic, fold_space

_CREDIT_ANCHOR = re.compile(
    fold_arabic(r"^(?:المصدر|المصدر الأصلي|رابط المصدر|مصدر الخبر|اقرأ المقال الأصلي|الخبر الأصلي|source|original article|read the original)\s*:?$"),
    re.I,
)
_CREDIT_BEFORE = re.compile(fold_arabic(r"(?:المصدر|مصدر الخبر|نقلا عن|نقلاً عن|source|via)\s*[:：]?\s*$"), re.I)


def credited_link(root: HtmlElement, page_url: str | None) -> tuple[str | None, str | None]:
    """(name, address) of an off-site link labelled as the source, or placed right after
    "المصدر:"; the name is the link's text unless that text is the label itself."""
    host = urlsplit(page_url).netloc if page_url else None
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href.startswith(("http://", "https://", "/")):
            continue
        raw = text_of(a)
        text = fold_arabic(fold_space(raw)) if len(raw) < 60 else ""
        prev = a.getprevious()
        parent = a.getparent()
        before = (prev.tail if prev is not None else parent.text if parent is not None else None) or ""
        before = fold_arabic(fold_space(before[-60:]))
        labelled = bool(text) and _CREDIT_ANCHOR.match(text) is not None
        if labelled or (before and _CREDIT_BEFORE.search(before)):
            absolute = urljoin(page_url or "", href)
            netloc = urlsplit(absolute).netloc
            if netloc and netloc != host:
                name = None if labelled else fold_space(raw) or None
                return name, absolute
    return None, None
