"""RSS 0.9x/1.0/2.0 and Atom read straight off an lxml tree.

Why our own reader: feedparser normalizes and sanitizes every field of every entry in pure
Python, which is most of an ingest cycle's CPU when thousands of feeds are polled; we need
six fields per item, and lxml gives them at C speed. ``naql.fetch.feeds`` falls back to
feedparser for documents lxml cannot parse.
"""

from __future__ import annotations

from lxml import etree

from naql.fetch.dates import parse_date
from naql.fetch.feedtypes import Feed, FeedItem
from naql.fetch.safexml import local_name
from naql.fetch.urls import absolute_url

_FEED_ROOTS = frozenset({"rss", "RDF", "feed", "channel"})
_TITLE = "title"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_DATE_NAMES = ("pubDate", "published", "issued", "date", "updated", "modified")
_SUMMARY_NAMES = ("description", "summary", "encoded", "content")
_AUTHOR_NAMES = ("author", "creator")


def is_feed_root(root: etree._Element) -> bool:
    """True when the root element is one of RSS, RDF (RSS 0.90/1.0) or Atom."""
    return local_name(root.tag) in _FEED_ROOTS


def _text(el: etree._Element) -> str:
    if len(el):  # mixed content (Atom type="xhtml", stray markup): all the text
        return "".join(el.itertext()).strip()
    return (el.text or "").strip()


def _atom_link(el: etree._Element) -> str | None:
    rel = el.get("rel", "alternate")
    href = el.get("href")
    if href and rel == "alternate":
        return str(href).strip()
    return None


def _author(el: etree._Element) -> str:
    if len(el):  # Atom <author><name>…</name></author>
        for child in el:
            if local_name(child.tag) == "name":
                return _text(child)
    return _text(el)


def _item(el: etree._Element, base: str | None, names: dict[object, str]) -> FeedItem | None:
    fields: dict[str, str] = {}
    link: str | None = None
    guid_is_link = True
    for child in el:
        tag = child.tag
        name = names.get(tag)
        if name is None:
            name = names[tag] = local_name(tag)
        if not name:
            continue
        if name == "link":
            found = _atom_link(child) if child.get("href") is not None else _text(child)
            if found and link is None:
                link = found
        elif name in ("guid", "id"):
            fields.setdefault("guid", _text(child))
            guid_is_link = child.get("isPermaLink", "true").lower() != "false"
        elif name in {"category", "subject"}:
            fields.setdefault("section", child.get("term") or _text(child))
        elif name in _AUTHOR_NAMES:
            fields.setdefault("author", _author(child))
        elif name in _DATE_NAMES or name == _TITLE or name in _SUMMARY_NAMES:
            fields.setdefault(name, _text(child))
    guid = fields.get("guid") or el.get(_RDF_ABOUT) or None
    if not link and guid and guid_is_link and guid.startswith(("http://", "https://")):
        link = guid
    url = absolute_url(base, link) if link else None
    if not url:
        return None
    date = next((fields[n] for n in _DATE_NAMES if fields.get(n)), None)
    summary = next((fields[n] for n in _SUMMARY_NAMES if fields.get(n)), "")
    return FeedItem(
        url=url,
        title=fields.get(_TITLE, ""),
        guid=guid,
        published=parse_date(date),
        summary=summary,
        author=fields.get("author") or None,
        section=fields.get("section") or None,
    )


def read_feed(root: etree._Element, url: str | None) -> Feed:
    """The feed in an already parsed tree whose root passed ``is_feed_root``."""
    kind = local_name(root.tag)
    channel: etree._Element = root
    if kind == "rss":
        channel = next((c for c in root if local_name(c.tag) == "channel"), root)
    title = ""
    link: str | None = None
    ttl: int | None = None
    entries: list[etree._Element] = []
    containers = [channel] if channel is root else [channel, root]
    for container in containers:
        for child in container:
            name = local_name(child.tag)
            if name in ("item", "entry"):
                entries.append(child)
            elif container is channel and name == "title" and not title:
                title = _text(child)
            elif container is channel and name == "link" and link is None:
                link = _atom_link(child) if child.get("href") is not None else _text(child) or None
            elif name == "ttl" and (child.text or "").strip().isdigit():
                ttl = int((child.text or "").strip())
            elif kind == "RDF" and name == "channel" and container is root and channel is root:
                for sub in child:
                    sub_name = local_name(sub.tag)
                    if sub_name == "title" and not title:
                        title = _text(sub)
                    elif sub_name == "link" and link is None:
                        link = _text(sub) or None
    base = url or link
    names: dict[object, str] = {}  # tag → local name, computed once per tag per feed
    items = [it for it in (_item(e, base, names) for e in entries) if it is not None]
    return Feed(title=title, link=link, items=tuple(items), ttl_minutes=ttl)
