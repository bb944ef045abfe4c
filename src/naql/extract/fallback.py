"""trafilatura as the second opinion, for pages where our scorer finds too little body.

Why keep it at all: its XPath heuristics rescue odd layouts (bodies split across many small
containers, text written straight into ``<td>``) that a single-container scorer misses. Why only
as a fallback: it costs several times our own pass, so it runs on the few pages that need it.
"""

from __future__ import annotations

import trafilatura
from lxml import etree

from naql.errors import ParseError
from naql.extract.blocks import Block, blocks_of
from naql.extract.dom import parse


def fallback_blocks(page_text: str, url: str | None) -> list[Block]:
    """trafilatura's body as our blocks; empty when it finds nothing or fails."""
    try:
        html = trafilatura.extract(
            page_text, url=url, output_format="html", include_comments=False,
            include_tables=True, include_images=True, with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return []
    if not html:
        return []
    try:
        root = parse(html)
    except ParseError:
        return []
    body = root.find("body")
    return blocks_of((body,)) if body is not None else []
