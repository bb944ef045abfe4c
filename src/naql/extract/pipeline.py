"""The extraction pipeline: bytes → tree → metadata → body → filters → ``Article | Rejected``.

Why this order: metadata and dates are read before the cleaner cuts headers and bylines out of
the tree; the body comes from the first path that works — the site's rules, else our scorer,
checked against a JSON-LD ``articleBody`` when the page has one — and trafilatura is asked only
when our scorer finds too little, so its cost is paid on a few pages, not all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import nh3

from naql.errors import ParseError
from naql.extract.blocks import Block, BlockKind, blocks_of, render_html
from naql.extract.bodyfilter import FilteredBody, body_text, filter_body
from naql.extract.datefind import find_dates
from naql.extract.dates import parse_machine_date
from naql.extract.dom import HtmlElement, clean, parse, text_of
from naql.extract.fallback import fallback_blocks
from naql.extract.jsonld import article_object
from naql.extract.metadata import Metadata, read_metadata
from naql.extract.model import Article, ExtractOptions, Rejected, RejectReason
from naql.extract.rules import apply_removals, body_elements, first_text
from naql.extract.scorer import choose_body
from naql.extract.sources import credited_link
from naql.extract.textnorm import fold_space, guess_script_language, words
from naql.extract.verdict import error_page, is_listing, paywalled, too_short_or_listing
from naql.text.encoding import decode_document

_FALLBACK_MAX_CHARS = 2_000_000
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_ALLOWED_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "figure",
                 "figcaption", "img", "a", "br"}
_ALLOWED_ATTRS = {"img": {"src", "alt"}, "a": {"href"}, "blockquote": {"class"}}


def _decode(page: bytes | str, options: ExtractOptions) -> str | Rejected:
    if isinstance(page, bytes):
        if len(page) > options.max_chars * 4:
            return Rejected(RejectReason.TOO_LARGE, f"{len(page)} bytes is over the page size limit")
        head = page[:8192]
        if head.count(b"\x00") > 16:
            return Rejected(RejectReason.NOT_HTML, "the input is binary, not an HTML page")
        text = decode_document(page)
    else:
        text = page
    if not text.strip():
        return Rejected(RejectReason.EMPTY, "the page is empty")
    if len(text) > options.max_chars:
        return Rejected(RejectReason.TOO_LARGE, f"{len(text)} characters is over the page size limit")
    head_text = text[:8192]
    controls = len(_CONTROL.findall(head_text))
    if "<" not in text[:20_000] or controls > len(head_text) * 0.05:
        return Rejected(RejectReason.NOT_HTML, "the input does not look like HTML")
    return text


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def _body_from_ld(ld_body: str, page_words: set[str], dom_len: int) -> list[Block] | None:
    """A JSON-LD ``articleBody`` we trust: its words are on the page (not a hidden teaser or a
    different article) and it is not much shorter than what the DOM shows (a truncated field)."""
    text = ld_body.strip()
    toks = words(text)
    if len(toks) < 30:
        return None
    present = sum(1 for t in toks if t in page_words) / len(toks)
    if present < 0.9 or len(text) < 0.8 * dom_len:
        return None
    paras = [fold_space(p) for p in text.replace("\r", "").split("\n")]
    return [Block(BlockKind.PARAGRAPH, p) for p in paras if p]


def _dom_blocks(root: HtmlElement, options: ExtractOptions) -> tuple[list[Block], str]:
    rules = options.site_rules
    if rules is not None:
        apply_removals(root, rules)
        found = body_elements(root, rules)
        if found:
            clean_found = tuple(found)
            return blocks_of(clean_found), "rules"
    clean(root)
    candidate = choose_body(root)
    return (blocks_of(candidate.elements) if candidate else []), "dom"


def _filtered_len(fb: FilteredBody) -> int:
    return len(body_text(fb.blocks))


@dataclass(frozen=True, slots=True)
class _Page:
    """What is read from a page before its body: metadata, dates, credits, the visible text."""

    root: HtmlElement
    decoded: str
    page_text: str
    ld: dict[str, Any]
    meta: Metadata
    title: str
    published: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    credit: tuple[str | None, str | None]


def _read_page(root: HtmlElement, decoded: str, url: str | None, options: ExtractOptions) -> _Page:
    body_el = root.find("body")
    page_text = fold_space(text_of(body_el)) if body_el is not None else ""
    ld = article_object(root)
    meta = read_metadata(root, ld, page_text)
    dates = find_dates(root, ld, url, options.default_tz)
    rules = options.site_rules
    title = (first_text(root, rules.title) if rules else None) or meta.title
    rule_date = first_text(root, rules.published) if rules else None
    published = (parse_machine_date(rule_date, options.default_tz) if rule_date else None) or dates.published
    named = first_text(root, rules.author) if rules else None
    authors = (named,) if named else meta.authors
    credit = credited_link(root, url or meta.canonical)
    return _Page(root, decoded, page_text, ld, meta, title, published, dates.updated, authors, credit)


def _find_body(page: _Page, url: str | None, options: ExtractOptions) -> tuple[FilteredBody, str]:
    """The filtered body and the path that gave it (rules, dom, jsonld or fallback)."""
    blocks, method = _dom_blocks(page.root, options)
    filtered = filter_body(blocks, page.title, options.boilerplate_lines)
    ld_body = page.ld.get("articleBody")
    if method == "dom" and isinstance(ld_body, str):
        ld_blocks = _body_from_ld(ld_body, set(words(page.page_text)), _filtered_len(filtered))
        if ld_blocks is not None:
            filtered = filter_body(ld_blocks, page.title, options.boilerplate_lines)
            method = "jsonld"
    # trafilatura's time grows faster than linearly on huge pages, so past 2 MB we trust our own;
    # and on a page that is mostly links (a listing) it would return the links as text.
    if (
        options.fallback
        and len(page.decoded) < _FALLBACK_MAX_CHARS
        and _filtered_len(filtered) < options.min_text_chars
        and not is_listing(page.root)
    ):
        fb_blocks = fallback_blocks(page.decoded, url)
        if fb_blocks:
            alt = filter_body(fb_blocks, page.title, options.boilerplate_lines)
            if _filtered_len(alt) > _filtered_len(filtered):
                filtered, method = alt, "fallback"
    return filtered, method


def _language(meta: Metadata, text: str) -> str | None:
    """The declared language, unless it is a template default contradicted by the script."""
    if meta.lang in ("ar", "fa", "ur"):
        return meta.lang
    return guess_script_language(text) or meta.lang


def extract_article(
    page: bytes | str, url: str | None = None, options: ExtractOptions | None = None
) -> Article | Rejected:
    """Extract the article of one page. Bad input gives ``Rejected``; the only exception is
    ``ConfigError`` for site rules whose selectors are not valid CSS."""
    options = options or ExtractOptions()
    decoded = _decode(page, options)
    if isinstance(decoded, Rejected):
        return decoded
    try:
        root = parse(decoded)
    except ParseError as e:
        return Rejected(RejectReason.NOT_HTML, str(e))
    read = _read_page(root, decoded, url, options)
    filtered, method = _find_body(read, url, options)
    text = body_text(filtered.blocks)
    rejected = error_page(root, read.title, read.page_text, len(text)) or paywalled(
        read.ld, read.page_text, len(text), options.min_text_chars
    )
    if rejected is not None:
        return rejected
    if len(text) < options.min_text_chars:
        return too_short_or_listing(root, len(text))
    lang = _language(read.meta, text)
    if options.languages and (lang or "") not in options.languages:
        return Rejected(RejectReason.WRONG_LANGUAGE, f"the body is in {lang or 'an unknown language'}")
    credit_name, original_url = read.credit
    if original_url and url and urlsplit(original_url).netloc == urlsplit(url).netloc:
        original_url = None
    meta = read.meta
    return Article(
        title=read.title,
        text=text,
        html=_sanitize(render_html(list(filtered.blocks))),
        url=url or meta.canonical,
        author=", ".join(read.authors) or None,
        published=read.published,
        updated=read.updated,
        image=meta.image,
        section=meta.section,
        lang=lang,
        site_name=meta.site_name,
        description=meta.description,
        keywords=meta.keywords,
        captions=filtered.captions,
        original_source=filtered.credit or credit_name,
        original_url=original_url,
        authors=read.authors,
        method=method,
    )
