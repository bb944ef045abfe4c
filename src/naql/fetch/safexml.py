"""Safe XML parsing for feeds and sitemaps: no entity expansion, no external resources.

Why refuse rather than parse without expanding: a feed that declares entities is either an
attack (billion laughs, XXE reading local files) or so unusual that refusing it, with a clear
``UnsafeDocument``, costs nothing. The check runs on the raw bytes *before* any parser —
lxml's or feedparser's — sees them.
"""

from __future__ import annotations

import re

from lxml import etree

from naql.errors import NotAFeed, ParseError, UnsafeDocument

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"  # an XML declaration and comments, then
    rb"<(?:!doctype\s+html|html[\s>])",  # an HTML doctype or <html>
    re.IGNORECASE | re.DOTALL,
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _ascii_view(data: bytes) -> bytes:
    """The bytes markup checks should look at: UTF-16/32 documents would hide ``<!ENTITY``
    from a byte search, so they are transcoded first."""
    head = data[:4]
    if head.startswith(_UTF16_BOMS) or (len(head) == 4 and (head[1] == 0 or head[0] == 0)):
        for codec in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                continue
    return data


def refuse_unsafe(data: bytes) -> None:
    """Raise ``UnsafeDocument`` when the document has a DOCTYPE declaring entities (internal
    or external), whatever parser would read it next."""
    view = _ascii_view(data)
    m = _DOCTYPE.search(view)
    if m is None:
        return
    if b"<!ENTITY" in view[m.start() :]:
        raise UnsafeDocument(
            "the document declares XML entities (a billion-laughs or XXE pattern); "
            "naql refuses to expand them — ask the publisher for a plain feed"
        )


def looks_like_html(data: bytes) -> bool:
    """True when the document starts like an HTML page (a homepage served as the feed URL)."""
    return _HTML_START.match(_ascii_view(data[:4096])) is not None


def refuse_html(data: bytes, what: str) -> None:
    """Raise ``NotAFeed`` for an HTML page where a feed or sitemap was expected."""
    if looks_like_html(data):
        raise NotAFeed(
            f"this is an HTML page, not {what}; add the site's homepage and naql will look "
            "for its feeds"
        )


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def parse_xml(data: bytes, *, recover: bool = False) -> etree._Element:
    """Parse bytes into an element tree safely; ``recover`` keeps what precedes an error
    (a truncated document). Raises ``UnsafeDocument`` or ``ParseError``."""
    refuse_unsafe(data)
    try:
        root = etree.fromstring(data, parser=_parser(recover))
    except (etree.XMLSyntaxError, ValueError) as e:
        raise ParseError(f"not well-formed XML: {e}") from e
    if root is None:
        raise ParseError("no XML element could be read from the document")
    return root


def local_name(tag: object) -> str:
    """``{namespace}name`` → ``name``; comments and PIs (non-string tags) → ``""``."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
