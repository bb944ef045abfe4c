"""The lines of one page as ``learn_boilerplate`` counts them: the body the generic path finds,
before any boilerplate is removed, plus the page's title (abstracted in templates)."""

from __future__ import annotations

from naql.errors import ParseError
from naql.extract.blocks import blocks_of
from naql.extract.dom import clean, parse
from naql.extract.jsonld import article_object
from naql.extract.metadata import choose_title, meta_content
from naql.extract.scorer import choose_body


def page_lines(page: str) -> tuple[str | None, list[str]]:
    """(title, body lines) of an HTML page, or of plain text (first line as the title)."""
    if "<" not in page[:5000]:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        return (lines[0] if lines else None), lines
    try:
        root = parse(page)
    except ParseError:
        return None, []
    title = choose_title(root, article_object(root), meta_content(root, "og:site_name"))
    clean(root)
    candidate = choose_body(root)
    if candidate is None:
        return title, []
    return title, [b.text for b in blocks_of(candidate.elements) if b.text]
