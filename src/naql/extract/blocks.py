"""The body container → an ordered list of typed blocks (paragraph, heading, quote, list item,
figure, tweet), which become both the plain ``text`` and the sanitized ``html``.

Why blocks and not the container's HTML: the same walk decides what is article text (dropping
"اقرأ أيضاً" links, share bars and link lists inline) for both outputs, so they never disagree,
and the HTML we emit is built from a handful of tags that nh3 then checks again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from naql.extract.dom import HtmlElement, text_of
from naql.extract.scorer import link_density
from naql.extract.textnorm import fold_space


class BlockKind(StrEnum):
    """What a block is; decides its tag in the HTML and whether it is body text."""

    PARAGRAPH = "p"
    HEADING = "h"
    QUOTE = "quote"
    ITEM = "li"
    FIGURE = "figure"
    TWEET = "tweet"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the body; ``src`` is an image or tweet address, ``ordered`` marks ``<ol>``."""

    kind: BlockKind
    text: str
    src: str | None = None
    ordered: bool = False
    level: int = 2


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE_SKIP = frozenset({"script", "style", "noscript", "button", "svg"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "ul", "ol", "li", "blockquote", "figure",
     "figcaption", "table", "tr", "td", "th", "tbody", "thead", "pre", "header", "footer", "dl",
     "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "img", "picture", "center", "hr", "address",
     "details", "summary", "span-block"}
)
_TWEET = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/\d+")
_CAPTION_CLASS = re.compile(r"caption|credit|photo-?desc|img-?desc|wp-caption-text", re.I)


def inline_text(el: HtmlElement) -> str:
    """An element's text with ``<br>`` as a line break and other markup flattened."""
    parts: list[str] = []

    def visit(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    parts.append("\n")
                elif child.tag not in _INLINE_SKIP:
                    visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    lines = (fold_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _image_src(el: HtmlElement) -> str | None:
    for name in ("src", "data-src", "data-lazy-src", "data-original"):
        value = el.get(name)
        if value and not value.startswith("data:"):
            return str(value).strip()
    return None


def _figure(el: HtmlElement) -> Iterator[Block]:
    img = next(el.iter("img"), None)
    src = _image_src(img) if img is not None else None
    cap_el = next(el.iter("figcaption"), None)
    caption = inline_text(cap_el) if cap_el is not None else ""
    if not caption:
        for c in el.iter():
            if isinstance(c.tag, str) and c is not el and _CAPTION_CLASS.search(c.get("class") or ""):
                caption = inline_text(c)
                break
    if src or caption:
        yield Block(BlockKind.FIGURE, fold_space(caption.replace("\n", " ")), src=src)


def _tweet(el: HtmlElement) -> Block | None:
    for a in el.iter("a"):
        href = a.get("href") or ""
        if _TWEET.match(href):
            return Block(BlockKind.TWEET, fold_space(text_of(el)), src=href)
    return None


def walk(el: HtmlElement) -> Iterator[Block]:
    """Blocks of one container in reading order; text written straight into a ``div`` between
    ``<br>`` tags becomes one paragraph per line."""
    buffer: list[str] = []

    def flush() -> Iterator[Block]:
        text = "".join(buffer)
        buffer.clear()
        for raw in text.split("\n"):
            line = fold_space(raw)
            if line:
                yield Block(BlockKind.PARAGRAPH, line)

    if el.text:
        buffer.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag
            if tag == "br":
                buffer.append("\n")
            elif tag in _BLOCK_TAGS:
                yield from flush()
                yield from _block(child)
            elif tag not in _INLINE_SKIP:
                if child.tag == "a" and _TWEET.match(child.get("href") or ""):
                    buffer.append(text_of(child))
                else:
                    buffer.append(inline_text(child).replace("\n", " "))
        if child.tail:
            buffer.append(child.tail)
    yield from flush()


def _paragraph(el: HtmlElement) -> Iterator[Block]:
    if any(isinstance(c.tag, str) and c.tag in ("img", "picture", "figure") for c in el.iter()):
        yield from _mixed(el)
        return
    text = inline_text(el)
    # A short paragraph that is mostly a link is an inline "read also", not article text.
    if text and not (link_density(el) > 0.5 and len(text) < 400):
        yield Block(BlockKind.PARAGRAPH, text)


def _heading(el: HtmlElement) -> Iterator[Block]:
    text = fold_space(text_of(el))
    if text:
        yield Block(BlockKind.HEADING, text, level=max(2, int(str(el.tag)[1])))


def _quote(el: HtmlElement) -> Iterator[Block]:
    if "twitter" in (el.get("class") or ""):
        tweet = _tweet(el)
        if tweet is not None:
            yield tweet
            return
    text = fold_space(text_of(el))
    if text:
        yield Block(BlockKind.QUOTE, text)


def _list(el: HtmlElement) -> Iterator[Block]:
    if link_density(el) > 0.5:
        return
    for li in el.iter("li"):
        text = fold_space(text_of(li))
        if text:
            yield Block(BlockKind.ITEM, text, ordered=el.tag == "ol")


def _image(el: HtmlElement) -> Iterator[Block]:
    src = _image_src(el)
    if src:
        yield Block(BlockKind.FIGURE, "", src=src)


def _caption(el: HtmlElement) -> Iterator[Block]:
    text = fold_space(text_of(el))
    if text:
        yield Block(BlockKind.FIGURE, text)


def _row(el: HtmlElement) -> Iterator[Block]:
    cells = [fold_space(text_of(c)) for c in el if isinstance(c.tag, str)]
    text = " | ".join(c for c in cells if c)
    if text:
        yield Block(BlockKind.PARAGRAPH, text)


def _nothing(el: HtmlElement) -> Iterator[Block]:
    return iter(())


_HANDLERS: dict[str, Callable[[HtmlElement], Iterator[Block]]] = {
    "p": _paragraph, "pre": _paragraph, "address": _paragraph,
    **dict.fromkeys(_HEADINGS, _heading),
    "blockquote": _quote, "ul": _list, "ol": _list, "figure": _figure, "picture": _figure,
    "img": _image, "figcaption": _caption, "tr": _row, "hr": _nothing,
}


def _block(el: HtmlElement) -> Iterator[Block]:
    handler = _HANDLERS.get(str(el.tag))
    if handler is not None:
        yield from handler(el)
    elif _CAPTION_CLASS.search(el.get("class") or "") and len(text_of(el)) < 400:
        yield from _caption(el)
    else:
        yield from walk(el)


def _mixed(el: HtmlElement) -> Iterator[Block]:
    """A paragraph holding an image: the image becomes a figure, the words stay a paragraph."""
    for img in el.iter("img"):
        src = _image_src(img)
        if src:
            yield Block(BlockKind.FIGURE, "", src=src)
    text = inline_text(el)
    if text:
        yield Block(BlockKind.PARAGRAPH, text)


def blocks_of(elements: tuple[HtmlElement, ...]) -> list[Block]:
    """All blocks of the chosen containers, dropping link-dominated ones."""
    out: list[Block] = []
    for el in elements:
        for block in _block(el) if el.tag not in ("div", "section", "article", "main", "td", "body") else walk(el):
            out.append(block)
    return out


def render_html(blocks: list[Block]) -> str:
    """Blocks as plain HTML (escaped text, a few tags); nh3 sanitises it afterwards anyway."""
    out: list[str] = []
    open_list: str | None = None
    for b in blocks:
        want = ("ol" if b.ordered else "ul") if b.kind is BlockKind.ITEM else None
        if open_list and want != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if want and not open_list:
            out.append(f"<{want}>")
            open_list = want
        t = escape(b.text).replace("\n", "<br>")
        if b.kind is BlockKind.PARAGRAPH:
            out.append(f"<p>{t}</p>")
        elif b.kind is BlockKind.HEADING:
            out.append(f"<h{b.level}>{t}</h{b.level}>")
        elif b.kind is BlockKind.QUOTE:
            out.append(f"<blockquote><p>{t}</p></blockquote>")
        elif b.kind is BlockKind.ITEM:
            out.append(f"<li>{t}</li>")
        elif b.kind is BlockKind.TWEET:
            src = escape(b.src or "", quote=True)
            out.append(f'<blockquote class="tweet"><p>{t}</p><a href="{src}">{src}</a></blockquote>')
        elif b.kind is BlockKind.FIGURE:
            img = f'<img src="{escape(b.src, quote=True)}" alt="">' if b.src else ""
            cap = f"<figcaption>{t}</figcaption>" if t else ""
            out.append(f"<figure>{img}{cap}</figure>")
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)
