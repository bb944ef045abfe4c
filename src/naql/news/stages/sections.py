"""Filing articles under sections: the source's fixed section, or the one the page names."""

from __future__ import annotations

from django.utils.text import slugify

from naql.sources.models import Section, Source


def section_for(source: Source, named: str | None) -> Section | None:
    """The source's configured section wins; otherwise the page's own section, created once."""
    if source.section_id:
        return source.section
    name = " ".join((named or "").split())[:100]
    if not name:
        return None
    slug = slugify(name, allow_unicode=True)[:50] or None
    if slug is None:
        return None
    section, _ = Section.objects.get_or_create(slug=slug, defaults={"name": name})
    return section
