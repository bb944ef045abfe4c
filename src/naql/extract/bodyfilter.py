"""Last pass over the body blocks: what is inside the article container but is not the article.

Why here and not in the DOM cleaner: these are recognised by their words, not their markup — the
aggregator's intro and outro, "اقرأ أيضاً" lines, the headline repeated as the first paragraph,
the byline and date line, and photo captions ending in an agency credit such as ``(إ.ب.أ)``,
which belong in ``captions`` rather than in the running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from naql.extract.blocks import Block, BlockKind
from naql.extract.dates import parse_text_date
from naql.extract.textnorm import fold_arabic, fold_space
from naql.extract.unwrap import credit_line, is_wrapper_line

_CREDIT_END = re.compile(
    r"\(\s*(?:إ\.?\s?ب\.?\s?أ|ا\.?\s?ب\.?\s?ا|رويترز|أ\.?\s?ف\.?\s?ب|ا\.?\s?ف\.?\s?ب|أ\.?\s?ب|د\.?\s?ب\.?\s?أ|"
    r"الأناضول|واس|سانا|وام|غيتي|جيتي|getty(?: images)?|afp|reuters|ap|epa|shutterstock|"
    r"أرشيفية|ارشيفية|أرشيف|مواقع التواصل|متداولة|الشرق الأوسط|[^()]{0,30}(?:تصوير|صورة)[^()]{0,30})\s*\)\s*\.?$",
    re.I,
)
_SHARE_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        "شارك", "شارك الخبر", "مشاركة", "فيسبوك", "فيس بوك", "تويتر", "واتساب", "واتس اب",
        "تيليجرام", "تلغرام", "لينكد إن", "انستغرام", "طباعة", "إرسال", "نسخ الرابط", "facebook",
        "twitter", "whatsapp", "telegram", "linkedin", "email", "print", "share", "tweet",
    )
)
_CREDIT_HINT = re.compile(r"المصدر|مصدر|نقل|عن موقع|source|via|ظهرت|appeared", re.I)
_BYLINE = re.compile(fold_arabic(r"^(?:كتب|كتبت|بقلم|حرر|تحرير|إعداد|نشر في|نشر بتاريخ|آخر تحديث|تاريخ النشر)\s*[:：]?"))


@dataclass(frozen=True, slots=True)
class FilteredBody:
    """The kept blocks, the captions set apart, and a credited source if a line named one."""

    blocks: tuple[Block, ...]
    captions: tuple[str, ...]
    credit: str | None


def _is_share_bar(text: str) -> bool:
    words = [w for w in re.split(r"[\s|•·,،/]+", fold_arabic(text).lower()) if w]
    return bool(words) and len(text) < 80 and all(w in _SHARE_WORDS or fold_arabic(w) in _SHARE_WORDS for w in words)


def _is_meta_line(text: str, index: int) -> bool:
    """A byline or date line at the top of the body."""
    if len(text) > 90 or index > 3:
        return False
    folded = fold_arabic(text)
    if _BYLINE.match(folded):
        return True
    return parse_text_date(text) is not None and len(text) < 60


def filter_body(blocks: list[Block], title: str, learned: frozenset[str]) -> FilteredBody:
    """Apply the word-level filters to the blocks of one page."""
    kept: list[Block] = []
    captions: list[str] = []
    credit: str | None = None
    title_key = fold_arabic(fold_space(title))
    seen: set[str] = set()
    for i, b in enumerate(blocks):
        text = b.text
        if b.kind is BlockKind.FIGURE:
            if text:
                captions.append(text)
            kept.append(b)
            continue
        if b.kind is BlockKind.TWEET:
            kept.append(b)
            continue
        if not text:
            continue
        key = fold_arabic(text)
        if key == title_key and b.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH):
            continue
        if key in seen and len(text) < 300:
            continue  # the same short line twice is a widget, not the writer repeating himself
        if is_wrapper_line(text, title, learned, key) or (len(text) < 80 and _is_share_bar(text)):
            continue
        named = credit_line(text) if len(text) < 120 and _CREDIT_HINT.search(text[:20]) else None
        if named:
            credit = credit or named
            continue
        if _is_meta_line(text, i):
            continue
        if b.kind is BlockKind.PARAGRAPH and len(text) < 300 and _CREDIT_END.search(text):
            captions.append(text)
            kept.append(Block(BlockKind.FIGURE, text))
            continue
        seen.add(key)
        kept.append(b)
    return FilteredBody(tuple(kept), tuple(dict.fromkeys(captions)), credit)


def body_text(blocks: tuple[Block, ...]) -> str:
    """The plain ``text``: paragraphs, headings, quotes and list items, blank-line separated."""
    return "\n\n".join(
        b.text for b in blocks if b.kind not in (BlockKind.FIGURE, BlockKind.TWEET) and b.text
    )
