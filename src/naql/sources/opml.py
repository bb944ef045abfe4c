"""OPML import and export: how feed readers and aggregators trade source lists."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from django.db import transaction
from lxml import etree

from naql.errors import InputError, UnsafeDocument
from naql.sources.models import Endpoint, Source
from naql.sources.services import unique_slug

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def import_opml(data: bytes) -> int:
    """Add every outline with an ``xmlUrl`` not already known; return how many were added."""
    if b"<!ENTITY" in data:
        raise UnsafeDocument("the OPML file declares XML entities; refusing to expand them")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise InputError(f"not a valid OPML file: {e}") from e
    added = 0
    with transaction.atomic():
        for outline in root.iter("outline"):
            url = outline.get("xmlUrl")
            if not url or Endpoint.objects.filter(url=url).exists():
                continue
            name = outline.get("title") or outline.get("text") or url
            source = Source.objects.create(
                slug=unique_slug(name),
                name=name,
                homepage=outline.get("htmlUrl") or url,
            )
            Endpoint.objects.create(source=source, url=url)
            added += 1
    return added


def export_opml() -> str:
    """All sources' feeds as an OPML 2.0 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0"><head><title>naql sources</title></head><body>',
    ]
    for source in Source.objects.prefetch_related("endpoints"):
        for endpoint in source.endpoints.all():
            lines.append(
                f"<outline type=\"rss\" text={quoteattr(source.name)} title={quoteattr(source.name)}"
                f" xmlUrl={quoteattr(endpoint.url)} htmlUrl={quoteattr(source.homepage)}/>"
            )
    lines.append("</body></opml>")
    return "\n".join(lines)
