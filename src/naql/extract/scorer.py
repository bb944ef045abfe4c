"""Finding the element that holds the article body.

A readability-style scorer, tuned for Arabic: each paragraph-like element scores by its length and
its commas (Arabic ``،`` counts like ``,``), and passes the score up to its parent and, halved, to
its grandparent; link-heavy containers are discounted. Why not trafilatura's own selection: it runs
a chain of XPath expressions and two fallback extractors on every page, which is most of its time;
one bottom-up pass over the tree is enough for the news pages we see, and siblings that look like
more of the same article are merged back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from naql.extract.dom import HtmlElement, attr_words

_PARAGRAPH_TAGS = ("p", "pre", "td", "blockquote", "li", "div", "section", "dd")
_BLOCK_CHILDREN = frozenset(
    {"p", "div", "section", "article", "table", "ul", "ol", "blockquote", "pre", "h1", "h2",
     "h3", "h4", "h5", "h6", "figure", "header", "footer", "main", "dl"}
)
_COMMAS = re.compile("[,،؛]")
_POSITIVE = re.compile(
    r"article|body|content|entry|main|post|story|text|detail|hentry|page|blog|news", re.I
)
_NEGATIVE = re.compile(
    r"comment|meta|footer|foot|sidebar|widget|related|share|social|promo|sponsor|shopping|"
    r"tags|tool|ad-|hidden|banner|menu|nav|links|list",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """The chosen body container and the siblings merged with it, in document order."""

    elements: tuple[HtmlElement, ...]
    score: float


def _class_weight(el: HtmlElement) -> float:
    words = attr_words(el)
    if not words:
        return 0.0
    weight = 0.0
    if _NEGATIVE.search(words):
        weight -= 25
    if _POSITIVE.search(words):
        weight += 25
    return weight


def _base_score(el: HtmlElement) -> float:
    tag = el.tag
    if tag in ("article", "main"):
        base = 10.0
    elif tag in ("div", "section"):
        base = 5.0
    elif tag in ("pre", "td", "blockquote"):
        base = 3.0
    elif tag in ("form", "ol", "ul", "dl", "li", "address"):
        base = -3.0
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th"):
        base = -5.0
    else:
        base = 0.0
    if el.get("itemprop") == "articleBody":
        base += 40
    return base + _class_weight(el)


def link_density(el: HtmlElement, text_len: int | None = None) -> float:
    """Share of an element's text that sits inside links: high for menus and related lists."""
    total = text_len if text_len is not None else len(el.text_content())
    if total == 0:
        return 0.0
    linked = sum(len(a.text_content()) for a in el.iter("a"))
    return min(1.0, linked / total)


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el)


def _own_text_len(el: HtmlElement) -> int:
    """Text of a div that is written directly in it (``<div>text<br>text</div>``), not in blocks."""
    n = len((el.text or "").strip())
    for c in el:
        if isinstance(c.tag, str) and c.tag not in _BLOCK_CHILDREN:
            n += len(c.text_content().strip())
        n += len((c.tail or "").strip())
    return n


def choose_body(root: HtmlElement) -> Candidate | None:
    """The best-scoring container, with sibling blocks that continue the same article."""
    scores: dict[HtmlElement, float] = {}
    for el in root.iter(*_PARAGRAPH_TAGS):
        if el.tag in ("div", "section", "li", "td", "dd"):
            if _has_block_child(el):
                continue
            length = _own_text_len(el)
        else:
            length = len(el.text_content().strip())
        if length < 25:
            continue
        text = el.text_content()
        content = 1.0 + len(_COMMAS.findall(text)) + min(length / 100.0, 3.0)
        parent = el.getparent()
        for level, ancestor in enumerate((parent, parent.getparent() if parent is not None else None)):
            if ancestor is None or not isinstance(ancestor.tag, str) or ancestor.tag in ("html",):
                continue
            if ancestor not in scores:
                scores[ancestor] = _base_score(ancestor)
            scores[ancestor] += content / (1 if level == 0 else 2)
        if el.tag in ("div", "section", "td", "dd", "pre") and not _has_block_child(el):
            if el not in scores:
                scores[el] = _base_score(el)
            scores[el] += content * 0.5
    if not scores:
        return None
    best: HtmlElement | None = None
    best_score = float("-inf")
    for el, score in scores.items():
        final = score * (1.0 - link_density(el))
        if final > best_score:
            best, best_score = el, final
    assert best is not None
    # A lone paragraph-like winner is usually one part of a larger body: climb while the parent
    # holds mostly more of the same (readability's "parent of top candidate" step).
    best = _climb(best, scores)
    return Candidate(_merge_siblings(best, scores, best_score), best_score)


def _climb(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    node = best
    own = scores.get(best, 0.0)
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in ("html", "body"):
            return node
        parent_score = scores.get(parent, 0.0)
        if parent_score < own * 0.85 or link_density(parent) > 0.35:
            return node
        node = parent


def _merge_siblings(
    best: HtmlElement, scores: dict[HtmlElement, float], best_score: float
) -> tuple[HtmlElement, ...]:
    parent = best.getparent()
    if parent is None:
        return (best,)
    threshold = max(10.0, best_score * 0.2)
    best_class = best.get("class")
    kept: list[HtmlElement] = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            kept.append(sib)
            continue
        bonus = best_score * 0.2 if best_class and sib.get("class") == best_class else 0.0
        if scores.get(sib, float("-inf")) + bonus >= threshold:
            kept.append(sib)
            continue
        if sib.tag == "p":
            text = sib.text_content().strip()
            density = link_density(sib, len(text))
            if (len(text) > 80 and density < 0.25) or (
                0 < len(text) <= 80 and density == 0 and text[-1:] in ".؟!:»\""
            ):
                kept.append(sib)
    return tuple(kept)
