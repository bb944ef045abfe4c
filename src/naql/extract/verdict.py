"""Deciding that a parsed page is not an article we keep, and saying why.

Why separate reasons: source health counts each one, and they call for different fixes — an
error page means a broken link in the feed, a paywalled stub means the source should be
``excerpt`` policy, a listing page means the feed points at section fronts.
"""

from __future__ import annotations

import re
from typing import Any

from naql.extract.dom import HtmlElement, text_of
from naql.extract.model import Rejected, RejectReason
from naql.extract.textnorm import fold_arabic, fold_space

# Whole words only: folded "خطأ" is "خطا", which is also the start of "خطاب" (a speech).
_ERROR_TITLE = re.compile(
    r"(?<!\w)(?:"
    + fold_arabic(
        r"404|410|not found|page (?:not|no longer)|error|غير موجود|لم يتم العثور|"
        r"الصفحة المطلوبة|(?:ال)?خطأ|عذرا|عذراً|تعذر العثور"
    )
    + r")(?!\w)",
    re.I,
)
_ERROR_TEXT = re.compile(
    fold_arabic(
        r"الصفحة (?:التي|الذي)? ?(?:تبحث|طلبتها|المطلوبة).{0,40}(?:غير موجودة|غير متوفرة|لم (?:يتم|نتمكن))|"
        r"(?:page|article) (?:you|was) .{0,40}(?:not found|could not be found|does not exist|no longer)|"
        r"\b404\b.{0,40}(?:not found|غير موجود)"
    ),
    re.I,
)
_PAYWALL_TEXT = re.compile(
    fold_arabic(
        r"للمشتركين فقط|هذا المحتوى (?:حصري|متاح) (?:للمشتركين|لمشتركي)|اشترك (?:الآن )?(?:لقراءة|لمتابعة قراءة)|"
        r"لقراءة (?:المقال|بقية المقال|الخبر) (?:كاملا|كاملاً|كامل)?\s*(?:اشترك|سجل)|"
        r"subscribe to (?:continue|read)|subscribers only|this content is for subscribers"
    ),
    re.I,
)


ERROR_TITLE_MAX_WORDS = 8


def error_page(root: HtmlElement, title: str, status_text: str, body_len: int) -> Rejected | None:
    """A "page not found" page served with 200, recognised by its title or its words; only
    pages with little text qualify (an article about a 404 error is still an article)."""
    if len(status_text) >= 1500 and body_len >= 400:
        return None
    # An error page's title is the error, maybe with the site's name; a headline that only
    # mentions an error word ("… خط أحمر", "خطأ طبي يودي بحياة …") is longer than that.
    short = len(title.split()) <= ERROR_TITLE_MAX_WORDS
    if short and _ERROR_TITLE.search(fold_arabic(title)):
        return Rejected(RejectReason.ERROR_PAGE, f"the page says it is an error page: {title[:80]!r}")
    if short and _ERROR_TEXT.search(fold_arabic(status_text)):
        return Rejected(RejectReason.ERROR_PAGE, "the page text says the page was not found")
    return None


def paywalled(ld: dict[str, Any], page_text: str, body_len: int, min_chars: int) -> Rejected | None:
    """A stub behind a paywall: the publisher says so (``isAccessibleForFree: false``) or the
    page asks to subscribe, and the visible body is short."""
    if body_len >= max(3 * min_chars, 800):
        return None
    free = ld.get("isAccessibleForFree")
    flagged = free is False or (isinstance(free, str) and free.lower() == "false")
    asks = _PAYWALL_TEXT.search(fold_arabic(page_text[:200_000])) is not None
    if (flagged or asks) and body_len < max(3 * min_chars, 800):
        return Rejected(RejectReason.PAYWALLED, "only a teaser is visible; the rest is for subscribers")
    return None


def is_listing(root: HtmlElement) -> bool:
    """A section front or link list: many links, and link text is most of the page's text."""
    body = root.find("body")
    text_len = len(fold_space(text_of(body))) if body is not None else 0
    linked = sum(len(text_of(a).strip()) for a in root.iter("a"))
    links = sum(1 for _ in root.iter("a"))
    return bool(text_len) and links >= 20 and linked / text_len > 0.5


def too_short_or_listing(root: HtmlElement, body_len: int) -> Rejected:
    """Too little body: a section front or link list (mostly links) or just a short page."""
    if is_listing(root):
        return Rejected(RejectReason.NOT_ARTICLE, f"a page of links with {body_len} characters of body text")
    return Rejected(RejectReason.TOO_SHORT, f"only {body_len} characters of body text")
