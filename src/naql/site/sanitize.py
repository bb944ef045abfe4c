"""Article HTML made safe to show, at the moment it is shown.

The extractor already cleans bodies with nh3 before storing them; we clean again here because
a body can reach the database by other roads (an import, the admin, an older extractor) and
the page must hold whatever is stored. nh3 (ammonia) parses like a browser, keeps only the
tags and attributes below, drops ``style``/event attributes and every URL scheme but
http/https/mailto, so ``<script>``, ``onerror=``, ``javascript:`` links, SVG and CSS
expressions cannot survive. The CSP header (``naql.site.http``) is the second wall.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong", "em", "b", "i",
        "a", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "q",
        "cite", "sub", "sup", "hr",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "*": {"dir"}}
SCHEMES = frozenset({"http", "https", "mailto"})


def clean_body(html: str) -> SafeString:
    """``html`` with everything that could run script or restyle the page removed."""
    return mark_safe(  # the string is nh3's output
        nh3.clean(
            html,
            tags=set(TAGS),
            attributes={k: set(v) for k, v in ATTRIBUTES.items()},
            url_schemes=set(SCHEMES),
            link_rel="noopener noreferrer nofollow ugc",
        )
    )
