"""The attribution texts shown around a republished article, filled from templates.

The site's templates (the operator's site settings) are the default; a source may override
either one. Only the known placeholders are filled, so a stray brace in an operator's template
cannot break a page (the admin refuses unknown placeholders before they get here).
"""

from __future__ import annotations

from dataclasses import dataclass

from naql.news.models import Article
from naql.site import preferences
from naql.site.dates import DateStyle, long_date
from naql.site.models import PLACEHOLDERS


@dataclass(frozen=True, slots=True)
class Attribution:
    """The intro and outro texts for one article (plain text; templates escape them)."""

    intro: str
    outro: str


def _fill(template: str, values: dict[str, str]) -> str:
    out = template
    for key in PLACEHOLDERS:
        out = out.replace("{" + key + "}", values[key])
    return out


def attribution_for(article: Article) -> Attribution:
    """Fill the source's (or the site's) intro and outro templates for ``article``."""
    source = article.source
    prefs = preferences.current()
    values = {
        "site": prefs.site_name,
        "title": article.title,
        "source": source.name,
        "source_url": article.url,
        "published": long_date(article.published_at, DateStyle.from_settings(), with_time=False),
    }
    intro = source.attribution_intro or prefs.attribution_intro
    outro = source.attribution_outro or prefs.attribution_outro
    return Attribution(intro=_fill(intro, values), outro=_fill(outro, values))
