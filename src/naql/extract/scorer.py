"""Finding the element that holds the article body.

How: every block of text on the page (a paragraph, a list item, text written straight into a
``div``) is measured once, bottom-up, with the share of it that sits inside links. Blocks that
read like prose — long enough, few links — count as *good* text, everything else (menus, link
lists, captions, buttons) as *other* text. Both sums flow up to every ancestor, and the body is
the element with the most good text net of the other text it would drag in: a maximum-subtree
problem solved in one pass. Why not readability's scoring: it passes a paragraph's score only to
its parent and grandparent, so bodies nested ten ``div``s deep under section wrappers (common in
page builders and Arabic CMS themes alike) lose to a single sub-section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from naql.extract.dom import HtmlElement, attr_words, text_of

BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "ul", "ol", "li", "blockquote", "figure",
     "figcaption", "table", "tr", "td", "th", "tbody", "thead", "pre", "header", "footer", "dl",
     "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "center", "address", "details", "body"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_COMMAS = re.compile("[,،؛.]")
_POSITIVE = re.compile(r"article-?body|articlebody|post-?body|entry-content|story-?body|post-content|article-content|news-?text|article_text|content-body", re.I)
OTHER_WEIGHT = 0.6
UNLINKED_OTHER = 0.5
NARROW_SHARE = 0.55
TEASER_MAX = 320
MIN_PARAGRAPH = 30
MAX_LINK_SHARE = 0.35


@dataclass(frozen=True, slots=True)
class Candidate:
    """The chosen body container(s), in document order, and their net score."""

    elements: tuple[HtmlElement, ...]
    score: float
    coverage: float
    """Share of the page's prose inside the chosen element: low means the scorer hesitated."""


def link_density(el: HtmlElement, text_len: int | None = None) -> float:
    """Share of an element's text that sits inside links: high for menus and related lists."""
    total = text_len if text_len is not None else len(text_of(el))
    if total == 0:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


class _Measure:
    """Per-block text and link lengths, gathered in one walk (blocks own their inline text)."""

    def __init__(self) -> None:
        self.text: dict[HtmlElement, int] = {}
        self.linked: dict[HtmlElement, int] = {}
        self.commas: dict[HtmlElement, int] = {}

    def add(self, owner: HtmlElement, s: str | None, in_link: bool) -> None:
        if not s:
            return
        n = len(s.strip())
        if not n:
            return
        self.text[owner] = self.text.get(owner, 0) + n
        if in_link:
            self.linked[owner] = self.linked.get(owner, 0) + n
        else:
            self.commas[owner] = self.commas.get(owner, 0) + len(_COMMAS.findall(s))

    def walk(self, el: HtmlElement, owner: HtmlElement, in_link: bool) -> None:
        me = el if el.tag in BLOCK_TAGS else owner
        link = in_link or el.tag == "a"
        self.add(me, el.text, link)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, me, link)
            self.add(me, child.tail, link)


def choose_body(root: HtmlElement) -> Candidate | None:
    """The element with the most prose net of other text, children winning ties."""
    body = root.find("body")
    if body is None:
        body = root
    m = _Measure()
    m.walk(body, body, False)
    good: dict[HtmlElement, float] = {}
    other: dict[HtmlElement, float] = {}
    prose_blocks: dict[HtmlElement, float] = {}
    for block, n in m.text.items():
        linked = m.linked.get(block, 0)
        prose = (
            n >= MIN_PARAGRAPH
            and linked <= MAX_LINK_SHARE * n
            and block.tag not in _HEADINGS
            and (m.commas.get(block, 0) > 0 or n >= 80)
        )
        # Unlinked short text (headings, bylines, captions) is weak evidence either way; link
        # text is the mark of navigation.
        g = float(n - linked) if prose else 0.0
        if g:
            prose_blocks[block] = g
        o = float(linked) if prose else linked + UNLINKED_OTHER * (n - linked)
        node: HtmlElement | None = block
        while node is not None:
            if g:
                good[node] = good.get(node, 0.0) + g
            other[node] = other.get(node, 0.0) + o
            if node is body:
                break
            node = node.getparent()
    if not good:
        return None
    best: HtmlElement | None = None
    best_score = float("-inf")
    for el in body.iter():
        prose_here = good.get(el)
        if prose_here is None:
            continue
        score = prose_here - OTHER_WEIGHT * other.get(el, 0.0)
        if el.get("itemprop") == "articleBody" or _POSITIVE.search(attr_words(el)):
            score *= 1.15
        if score >= best_score:
            best, best_score = el, score
    assert best is not None
    best = _narrow(best, good, prose_blocks)
    return Candidate((best,), best_score, good.get(best, 0.0) / (good.get(body) or 1.0))


def _narrow(best: HtmlElement, good: dict[HtmlElement, float], prose: dict[HtmlElement, float]) -> HtmlElement:
    """Step down into the child that holds most of the prose when everything else is short
    prose *after* it — teaser excerpts and reader comments below an article look like prose to
    the sums, but an article's own lead comes before its body, never after."""
    while True:
        total = good.get(best, 0.0)
        child = max((c for c in best if good.get(c)), key=lambda c: good[c], default=None)
        # Only into a container: a single paragraph is never the whole article.
        if child is None or child in prose or good[child] < NARROW_SHARE * total or good[child] == total:
            return best
        inside = set(child.iter())
        seen_child = False
        for el in best.iter():
            if el is child:
                seen_child = True
            if el in prose and el not in inside and (not seen_child or prose[el] > TEASER_MAX):
                return best
        best = child
