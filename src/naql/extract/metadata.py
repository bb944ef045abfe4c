"""Page metadata: title, authors, lead image, section, keywords, language, site name.

Why each field has an order of sources: publishers fill JSON-LD and Open Graph for social cards,
so those are cleanest, but ``og:title`` and ``<title>`` often carry the site's name ("… | اليوم
السابع") while the ``<h1>`` usually does not; the title is the ``<h1>`` when it agrees with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from naql.extract.dom import HtmlElement, text_of
from naql.extract.jsonld import ld_names, ld_text
from naql.extract.textnorm import fold_arabic, fold_space, guess_script_language, words

# Not a lone colon: Maghrebi and Gulf headlines open with a dateline ("سوسة : …").
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—•·»«/]|::)\s+|\s*[|•]\s*")
_BYLINE_PREFIX = re.compile(r"^(?:بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تقرير|by)\s*[:：\-]?\s*", re.I)
_AUTHOR_CLASS = re.compile(r"author|byline|writer|kateb|katib|reporter", re.I)


@dataclass(frozen=True, slots=True)
class Metadata:
    """Everything about the page except its body and dates."""

    title: str
    authors: tuple[str, ...]
    image: str | None
    section: str | None
    keywords: tuple[str, ...]
    lang: str | None
    site_name: str | None
    description: str | None
    canonical: str | None


def meta_content(root: HtmlElement, *names: str) -> str | None:
    """The first non-empty ``<meta>`` content among ``names`` (property, name or itemprop)."""
    wanted = {n.lower(): i for i, n in enumerate(names)}
    best: tuple[int, str] | None = None
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key in wanted:
            value = fold_space(m.get("content") or "")
            if value and (best is None or wanted[key] < best[0]):
                best = (wanted[key], value)
    return best[1] if best else None


def _clean_title(raw: str, site: str | None) -> str:
    """Drop a site-name part from ``<title>``-like strings: the part that is the site's name, or
    else keep the longest part."""
    raw = fold_space(raw)
    parts = [p for p in _TITLE_SEPARATORS.split(raw) if p.strip()]
    if len(parts) < 2:
        return raw
    if site:
        site_key = fold_arabic(site).lower()
        kept = [p for p in parts if fold_arabic(p).lower() not in site_key and site_key not in fold_arabic(p).lower()]
        if kept and len(kept) < len(parts):
            return fold_space(" - ".join(kept)) if len(kept) > 1 else kept[0]
        return raw
    longest = max(parts, key=len)
    return longest if len(longest) >= 0.5 * len(raw) else raw


def _headings(root: HtmlElement, tags: tuple[str, ...] = ("h1",)) -> list[str]:
    out = []
    for h in root.iter(*tags):
        t = fold_space(text_of(h))
        if 8 <= len(t) <= 300:
            out.append(t)
    return out


def _key(text: str) -> str:
    """Words only: quotes and punctuation differ between a page's ``<h1>`` and its og:title."""
    return "".join(words(fold_arabic(text).lower()))


def choose_title(root: HtmlElement, ld: dict[str, Any], site: str | None) -> str:
    """The headline: an ``<h1>`` that agrees with og:title/``<title>``/JSON-LD, else the cleanest
    of those."""
    og = meta_content(root, "og:title", "twitter:title")
    title_tag = next((fold_space(text_of(t)) for t in root.iter("title")), "")
    headline = ld_text(ld, "headline") or ld_text(ld, "name")
    refs = [_key(x) for x in (og, title_tag, headline) if x]
    for h in _headings(root):
        key = _key(h)
        if key and any(key in r or (len(r) > 15 and r in key) for r in refs):
            return h
    # Older portals put the headline in an <h2>: accept one only when it equals a title part.
    parts: set[str] = set()
    for x in (og, title_tag):
        if x:
            keys = [_key(p) for p in _TITLE_SEPARATORS.split(x)]
            parts.update("".join(keys[i:j]) for i in range(len(keys)) for j in range(i + 1, len(keys) + 1))
    for h in _headings(root, ("h2", "h3")):
        if _key(h) in parts:
            return h
    for cand in (headline, og, title_tag):
        if cand:
            return _clean_title(cand, site)
    heads = _headings(root)
    return heads[0] if heads else ""


def _authors(root: HtmlElement, ld: dict[str, Any]) -> tuple[str, ...]:
    names = ld_names(ld, "author") or ld_names(ld, "creator")
    if not names:
        meta = meta_content(root, "author", "article:author", "dc.creator", "sailthru.author", "byl")
        if meta and not meta.startswith("http"):
            names = [n.strip() for n in re.split(r",|،| و(?=\S)", meta) if n.strip()]
    if not names:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if el.get("rel") == "author" or el.get("itemprop") == "author" or _AUTHOR_CLASS.search(
                f"{el.get('class') or ''} {el.get('id') or ''}"
            ):
                text = fold_space(text_of(el))
                if 2 < len(text) <= 60:
                    names = [text]
                    break
    cleaned = []
    for raw in names:
        n = _BYLINE_PREFIX.sub("", fold_space(raw)).strip(" :-")
        if n and len(n) <= 80 and not n.startswith("http") and n not in cleaned:
            cleaned.append(n)
    return tuple(cleaned)


def _image(root: HtmlElement, ld: dict[str, Any]) -> str | None:
    og = meta_content(root, "og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    if og:
        return og
    v = ld.get("image")
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("url") or v.get("@id")
    if isinstance(v, str) and v.strip():
        return v.strip()
    return next((lk.get("href") for lk in root.iter("link") if lk.get("rel") == "image_src"), None)


def _keywords(root: HtmlElement, ld: dict[str, Any]) -> tuple[str, ...]:
    raw: list[str] = []
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or "").lower()
        if key in ("keywords", "news_keywords", "article:tag"):
            raw.extend(re.split(r"[,،;]", m.get("content") or ""))
    kw = ld.get("keywords")
    if isinstance(kw, str):
        raw.extend(re.split(r"[,،;]", kw))
    elif isinstance(kw, list):
        raw.extend(k for k in kw if isinstance(k, str))
    out: list[str] = []
    for item in raw:
        k = fold_space(item)
        if k and len(k) <= 60 and k not in out:
            out.append(k)
    return tuple(out[:30])


def _lang(root: HtmlElement, body_text: str) -> str | None:
    declared = root.get("lang") or root.get("xml:lang") or meta_content(
        root, "content-language", "og:locale", "language", "dc.language"
    )
    if declared:
        code = declared.replace("_", "-").split("-")[0].strip().lower()
        if 2 <= len(code) <= 3 and code.isalpha():
            guessed = guess_script_language(body_text)
            # A page declaring "en" while its body is Arabic script is a template default.
            if guessed and code not in ("ar", "fa", "ur", "ps", "ku", "ckb"):
                return guessed
            return code
    return guess_script_language(body_text)


def read_metadata(root: HtmlElement, ld: dict[str, Any], body_text: str) -> Metadata:
    """All metadata fields of one parsed page."""
    site = meta_content(root, "og:site_name", "application-name", "twitter:site")
    if not site:
        site = ld_text(ld, "publisher")
    if site and site.startswith("@"):
        site = site[1:]
    section = ld_text(ld, "articleSection") or meta_content(
        root, "article:section", "section", "category", "parsely-section"
    )
    canonical = next(
        (lk.get("href") for lk in root.iter("link") if (lk.get("rel") or "").lower() == "canonical"),
        None,
    )
    return Metadata(
        title=choose_title(root, ld, site),
        authors=_authors(root, ld),
        image=_image(root, ld),
        section=section,
        keywords=_keywords(root, ld),
        lang=_lang(root, body_text),
        site_name=site,
        description=meta_content(root, "og:description", "description", "twitter:description")
        or ld_text(ld, "description"),
        canonical=canonical or meta_content(root, "og:url"),
    )
