"""The extraction pipeline: bytes → tree → metadata → body → filters → ``Article | Rejected``.

Why this order: metadata and dates are read before the cleaner cuts headers and bylines out of
the tree; the body comes from the first path that works — the site's rules, else our scorer,
checked against a JSON-LD ``articleBody`` when the page has one — and trafilatura is asked only
when our scorer finds too little, so its cost is paid on a few pages, not all.
"""

from __future__ import annotations

import re
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
from naql.extract.model import Article, ExtractOptions, RejectReason, Rejected
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
    body_el = root.find("body")
    page_text = fold_space(text_of(body_el)) if body_el is not None else ""
    ld = article_object(root)
    meta = read_metadata(root, ld, page_text)
    dates = find_dates(root, ld, url, options.default_tz)
    credit_name, credit_url = credited_link(root, url or meta.canonical)
    rules = options.site_rules
    title = (first_text(root, rules.title) if rules else None) or meta.title
    rule_date = first_text(root, rules.published) if rules else None
    published = (parse_machine_date(rule_date, options.default_tz) if rule_date else None) or dates.published

    blocks, method = _dom_blocks(root, options)
    filtered = filter_body(blocks, title, options.boilerplate_lines)
    ld_body = ld.get("articleBody")
    if method == "dom" and isinstance(ld_body, str):
        ld_blocks = _body_from_ld(ld_body, set(words(page_text)), _filtered_len(filtered))
        if ld_blocks is not None:
            filtered = filter_body(ld_blocks, title, options.boilerplate_lines)
            method = "jsonld"
    # trafilatura's time grows faster than linearly on huge pages; past 2 MB we trust our own.
    # and a page that is mostly links is a listing: trafilatura would return the links as text.
    if (
        options.fallback
        and len(decoded) < _FALLBACK_MAX_CHARS
        and _filtered_len(filtered) < options.min_text_chars
        and not is_listing(root)
    ):
        fb_blocks = fallback_blocks(decoded, url)
        if fb_blocks:
            alt = filter_body(fb_blocks, title, options.boilerplate_lines)
            if _filtered_len(alt) > _filtered_len(filtered):
                filtered, method = alt, "fallback"

    text = body_text(filtered.blocks)
    rejected = error_page(root, title, page_text, len(text)) or paywalled(ld, page_text, len(text), options.min_text_chars)
    if rejected is not None:
        return rejected
    if len(text) < options.min_text_chars:
        return too_short_or_listing(root, len(text))
    lang = meta.lang if meta.lang in ("ar", "fa", "ur") else (guess_script_language(text) or meta.lang)
    if options.languages and (lang or "") not in options.languages:
        return Rejected(RejectReason.WRONG_LANGUAGE, f"the body is in {lang or 'an unknown language'}")
    original_url = credit_url
    if original_url and url and urlsplit(original_url).netloc == urlsplit(url).netloc:
        original_url = None
    if filtered.credit is None and credit_name:
        filtered = FilteredBody(filtered.blocks, filtered.captions, credit_name)
    return _article(meta, filtered, text, (url, original_url, method), (published, dates.updated), rules_author(root, options, meta), lang, title)


def rules_author(root: HtmlElement, options: ExtractOptions, meta: Metadata) -> tuple[str, ...]:
    """The author from the site rules when they name one, else the metadata's."""
    rules = options.site_rules
    named = first_text(root, rules.author) if rules else None
    return (named,) if named else meta.authors


def _article(meta: Metadata, filtered: FilteredBody, text: str, where: tuple[str | None, str | None, str], when: tuple, authors: tuple[str, ...], lang: str | None, title: str) -> Article:  # type: ignore[type-arg]
    url, original_url, method = where
    return Article(
        title=title,
        text=text,
        html=_sanitize(render_html(list(filtered.blocks))),
        url=url or meta.canonical,
        author=", ".join(authors) or None,
        published=when[0],
        updated=when[1],
        image=meta.image,
        section=meta.section,
        lang=lang,
        site_name=meta.site_name,
        description=meta.description,
        keywords=meta.keywords,
        captions=filtered.captions,
        original_source=filtered.credit,
        original_url=original_url,
        authors=authors,
        method=method,
    )
