"""Filing articles under sections: the source's fixed section, or the one the page names."""

from __future__ import annotations

from django.utils.text import slugify

from naql.sources.models import Section, Source


def section_for(source: Source, named: str | None) -> Section | None:
    """The source's configured section wins; otherwise the page's own section, created once."""
    if source.section_id:
        return source.section
    key = _named(named)
    if key is None:
        return None
    section, _ = Section.objects.get_or_create(slug=key[0], defaults={"name": key[1]})
    return section


def section_id_for(source: Source, named: str | None, known: dict[str, int]) -> int | None:
    """``section_for``'s id, without loading the source's section, remembering the ids of
    named sections in ``known`` (slug → id) so a batch asks the database once per name."""
    if source.section_id:
        return int(source.section_id)
    key = _named(named)
    if key is None:
        return None
    if key[0] not in known:
        known[key[0]] = Section.objects.get_or_create(slug=key[0], defaults={"name": key[1]})[0].pk
    return known[key[0]]


def _named(named: str | None) -> tuple[str, str] | None:
    """(slug, name) of a section named on a page, or None if the name is empty."""
    name = " ".join((named or "").split())[:100]
    slug = slugify(name, allow_unicode=True)[:50] if name else ""
    return (slug, name) if slug else None
