"""What search engines and link previews read from an article page: Open Graph tags and a
schema.org ``NewsArticle`` in JSON-LD, and absolute URLs for both.

Why the JSON is escaped by hand: it sits in a ``<script type="application/ld+json">`` block,
where an article title containing ``</script>`` would otherwise end the block and let what
follows be parsed as HTML. Escaping ``<``, ``>`` and ``&`` as ``\\u003c``… keeps it data.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from naql.news.models import Article
from naql.site import preferences
from naql.sources.models import Policy

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """``path`` on the public site (``NAQL_BASE_URL``)."""
    return settings.NAQL_BASE_URL + path


def article_url(article: Article) -> str:
    """The absolute address of an article's page on this site."""
    return absolute(reverse("site:article", args=[article.pk]))


def description(article: Article) -> str:
    """A summary that never shows more than the source's policy allows."""
    return "" if article.source.policy == Policy.LINK else article.excerpt


def news_article_ld(article: Article) -> SafeString:
    """The JSON-LD ``NewsArticle`` for ``article``, ready to put inside its script block."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.modified_at or article.published_at).isoformat(),
        "mainEntityOfPage": article_url(article),
        "url": article_url(article),
        "inLanguage": article.lang or "ar",
        "isBasedOn": article.url,
        "publisher": {"@type": "Organization", "name": article.source.name,
                      "url": article.source.homepage},
    }  # fmt: skip
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.image:
        data["image"] = [article.image]
    if desc := description(article):
        data["description"] = desc
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # JSON with <, >, & escaped


def open_graph(article: Article) -> list[tuple[str, str]]:
    """``(property, content)`` pairs for the ``og:`` meta tags; templates escape the values."""
    tags = [
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:url", article_url(article)),
        ("og:site_name", preferences.current().site_name),
        ("og:locale", "ar_AR"),
        ("article:published_time", article.published_at.isoformat()),
    ]
    if desc := description(article):
        tags.append(("og:description", desc))
    if article.image:
        tags.append(("og:image", article.image))
    if article.section is not None:
        tags.append(("article:section", article.section.name))
    return tags
