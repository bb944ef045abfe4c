"""JSON-LD on a page → the one object that describes its article.

Why a module of its own: sites nest their article inside ``@graph``, lists, or a WebPage's
``mainEntity``, type it as any of a dozen schema.org subtypes, and ship invalid JSON often enough
(trailing commas, raw newlines) that parsing must be forgiving and never raise.
"""

from __future__ import annotations

import json
import re
from typing import Any

from naql.extract.dom import HtmlElement

_ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "OpinionNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "ScholarlyArticle",
     "TechArticle", "Report", "SocialMediaPosting", "WebPage", "ReviewNewsArticle", "Review"}
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", raw.replace("\n", " ").replace("\t", " ")))
    except ValueError:
        return None


def _types(d: dict[str, Any]) -> set[str]:
    t = d.get("@type")
    items = t if isinstance(t, list) else [t]
    return {x.rsplit("/", 1)[-1] for x in items if isinstance(x, str)}


def article_object(root: HtmlElement) -> dict[str, Any]:
    """The best article-typed JSON-LD object; an Article beats a bare WebPage."""
    found: list[tuple[int, dict[str, Any]]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > 2_000_000:
            continue
        stack: list[Any] = [_load(script.text)]
        budget = 500
        while stack and budget:
            budget -= 1
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
                continue
            if not isinstance(d, dict):
                continue
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(d.get(key), (list, dict)):
                    stack.append(d[key])
            types = _types(d)
            if types & _ARTICLE_TYPES:
                rank = 0 if "WebPage" in types and len(types) == 1 else 1
                found.append((rank + (1 if "articleBody" in d else 0), d))
    if not found:
        return {}
    found.sort(key=lambda x: -x[0])
    return found[0][1]


def ld_text(d: dict[str, Any], key: str) -> str | None:
    """A string property, tolerating lists of strings and ``{"name": …}`` objects."""
    v = d.get(key)
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("name") or v.get("url") or v.get("@id")
    return v.strip() if isinstance(v, str) and v.strip() else None


def ld_names(d: dict[str, Any], key: str) -> list[str]:
    """All names in a property that may be a string, an object, or a list of either."""
    v = d.get(key)
    items = v if isinstance(v, list) else [v]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.extend(n.strip() for n in name.split(",") if n.strip())
    return names
