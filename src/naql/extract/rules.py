"""Applying a site's ``SiteRules`` (CSS selectors given as data) to a parsed page.

Why CSS and data: the people who maintain sources know CSS from their browser's inspector, and
rules kept as values can live in the database next to the source, be edited without a release,
and be tested against golden pages like any other input.
"""

from __future__ import annotations

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from naql.errors import ConfigError
from naql.extract.dom import HtmlElement, drop, text_of
from naql.extract.model import SiteRules
from naql.extract.textnorm import fold_space


def select(root: HtmlElement, css: str) -> list[HtmlElement]:
    """Elements matching ``css``; a selector that does not parse is the caller's ``ConfigError``."""
    try:
        selector = CSSSelector(css)
    except (SelectorError, SyntaxError, ValueError) as e:
        raise ConfigError(f"the site rule selector {css!r} is not valid CSS: {e}; fix the source's rules") from e
    return list(selector(root))


def apply_removals(root: HtmlElement, rules: SiteRules) -> None:
    """Cut what the rules say is never article text, before anything reads the page."""
    for css in rules.remove:
        for el in select(root, css):
            if el.getparent() is not None:
                drop(el)


def body_elements(root: HtmlElement, rules: SiteRules) -> tuple[HtmlElement, ...]:
    """The rule's body containers, outermost only (a match inside another match is skipped)."""
    found = select(root, rules.body)
    chosen = set(found)
    out = []
    for el in found:
        if any(a in chosen for a in el.iterancestors()):
            continue
        out.append(el)
    return tuple(out)


def first_text(root: HtmlElement, css: str | None) -> str | None:
    """Text (or ``content``/``datetime`` attribute) of the first match, for title/date/author."""
    if not css:
        return None
    for el in select(root, css):
        value = el.get("datetime") or el.get("content") or text_of(el)
        value = fold_space(value)
        if value:
            return value
    return None
