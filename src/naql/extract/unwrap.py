"""Unwrapping republished copies: dropping an aggregator's intro and outro around the article it
copied, and finding whom it copied from.

Why templates and not exact lines: aggregators write the copied title into their wrapper ("ننقل
لكم في موقع كتاكيت موضوع (…العنوان…)"), so no two pages share the line verbatim. We abstract the
page's own title and every number into placeholders before counting, which turns those lines into
one repeated key. The built-in phrase list covers sites we have not seen often enough to learn.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from naql.extract.learning import page_lines
from naql.extract.textnorm import fold_arabic, fold_space

TITLE_MARK = "\u2063T\u2063"
NUMBER_MARK = "\u2063N\u2063"
AFFIX_MARK = "\u2063…\u2063"

# Phrases aggregators and republishers wrap around copied articles, plus the inline "read also"
# and follow-us lines; matched on the folded line (alef/yeh forms and digits unified).
_WRAPPER_PHRASES = re.compile(
    "|".join(
        f"(?:{fold_arabic(p)})"
        for p in (
        r"^ننقل لكم",
        r"نتمنى لكم الفائدة",
        r"ونشكر المصدر الأصلي",
        r"والمصدر الأصلي هو المعني",
        r"^اكتشاف المزيد من",
        r"^اشترك للحصول على أحدث",
        r"^تم نقل هذا (الخبر|المقال|الموضوع)",
        r"^هذا (الخبر|المحتوى|المقال) (منقول|مقدم من)",
        r"^ظهرت المقالة .{1,300} أولا على",
        r"^كانت هذه تفاصيل .{0,300}(نرجو|نتمنى|لهذا اليوم)",
        r"^وقد قام فريق التحرير",
        r"^نرجو أن نكون قد وفقنا",
        r"^(اقرأ|إقرأ|اقرا|شاهد|طالع|تابع) (أيضا|أيضاً|ايضا|المزيد)\s*[:：-]?",
        r"^للمزيد من (الأخبار|التفاصيل)",
        r"^(تابعونا|تابعوا) (على|عبر)",
        r"^(حمل|حمّل) تطبيق",
        r"^انضم(وا)? إلى (قناتنا|قناة)",
        r"^جميع الحقوق محفوظة",
        r"^(شارك|مشاركة) (الخبر|المقال|هذا)",
        r"^the post .{1,300} appeared first on",
        r"^(read|see) (also|more)\s*:",
        )
    ),
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:المصدر|مصدر الخبر|المصدر الأصلي|المصدر الاصلي|نقلا عن|نقلاً عن|نقلًا عن|عن موقع|source|via)"
    r"\s*[:：-]?\s*(.{2,80})$",
    re.IGNORECASE,
)
_SOURCE_INLINE = re.compile(r"(?:نقلا عن|نقلاً عن|نقلًا عن|بحسب ما نشر(?:ه|ت)? موقع)\s+([^،,.:\n]{2,50})")
_POSTED_FIRST = re.compile(r"ظهرت المقالة .{1,300} أولاً? على\s+(.{2,80})$|appeared first on\s+(.{2,80})$", re.I)


@dataclass(frozen=True, slots=True)
class Credit:
    """Who a republished page credits as the original publisher, by name and/or address."""

    source: str | None
    url: str | None


def template_key(line: str, title: str | None) -> str:
    """A line with its page's title and every number replaced by placeholders."""
    key = fold_space(line)
    if title:
        t = fold_space(title)
        if len(t) >= 8 and t in key:
            key = key.replace(t, TITLE_MARK)
    return re.sub(r"\d+", NUMBER_MARK, fold_arabic(key))


def affix_key(line: str) -> str | None:
    """First five and last three words: catches templates whose variable part is not the title."""
    w = fold_arabic(fold_space(line)).split(" ")
    if len(w) < 10:
        return None
    return " ".join(w[:5]) + AFFIX_MARK + " ".join(w[-3:])


def is_wrapper_line(
    line: str, title: str | None, learned: frozenset[str], folded: str | None = None
) -> bool:
    """Whether a body line is a republisher's wrapper: learned for the site or a known phrase.
    ``folded`` is ``fold_arabic(line)`` when the caller has it already."""
    if folded is None:
        folded = fold_arabic(fold_space(line))
    if learned:
        if fold_space(line) in learned or template_key(line, title) in learned:
            return True
        ak = affix_key(line)
        if ak is not None and ak in learned:
            return True
    if len(folded) > 400:
        return False
    return _WRAPPER_PHRASES.search(folded) is not None


def learn_boilerplate(pages: Iterable[str], *, min_share: float = 0.4) -> frozenset[str]:
    """Lines (as templates) that recur across one site's pages; pass the result back in
    ``ExtractOptions.boilerplate_lines``. Pages may be HTML or extracted text. A line must recur
    on at least two distinct pages and on ``min_share`` of them, so one article's own sentences,
    seen once, are never learned."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    n = 0
    for page in pages:
        digest = hashlib.blake2b(page.encode("utf-8", "replace"), digest_size=16).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        n += 1
        title, lines = page_lines(page)
        keys: set[str] = set()
        for line in lines:
            keys.add(template_key(line, title))
            ak = affix_key(line)
            if ak is not None:
                keys.add(ak)
        counts.update(keys)
    if n < 2:
        return frozenset()
    floor = max(2, math.ceil(min_share * n))
    return frozenset(k for k, c in counts.items() if c >= floor)


def credit_line(line: str) -> str | None:
    """The source named by a credit line ("المصدر: الشرق الأوسط"), or None."""
    m = _SOURCE_LINE.match(fold_space(line))
    if m:
        return m.group(1).strip(" .«»\"'")
    m2 = _POSTED_FIRST.search(fold_space(line))
    if m2:
        return (m2.group(1) or m2.group(2) or "").strip(" .") or None
    return None


def inline_credit(text: str) -> str | None:
    """A source named in running text ("نقلاً عن وكالة الأنباء…"), the weakest signal."""
    m = _SOURCE_INLINE.search(text)
    return m.group(1).strip() if m else None
