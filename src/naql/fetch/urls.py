"""URL canonicalization: one article, one URL, whichever tracking junk it was shared with.

Why percent-encoding is normalized rather than decoded: ``/أخبار/`` arrives raw in one feed,
as ``%D8%A3…`` in another and as ``%d8%a3…`` in a third; all three must become the same
string, and decoding reserved characters such as ``%2F`` would change which page is meant.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "__hs", "mtm_", "matomo_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "twclid", "ttclid", "li_fat_id", "mkt_tok", "ref_src", "ref_url", "_ga", "_gl", "_hsenc",
        "_hsmi", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "vero_id", "wickedid",
        "ocid", "cmpid", "__twitter_impression", "spm",
    }
)  # fmt: skip
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_STRAY_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only say where a click came from."""
    lower = name.lower()
    return lower.startswith(_TRACKING_PREFIXES) or lower in _TRACKING_NAMES


def _normalize_pct(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _path(path: str) -> str:
    path = _STRAY_PCT.sub("%25", path)
    path = quote(path, safe=_PATH_SAFE)  # non-ASCII (Arabic) → UTF-8 %XX; existing %XX kept
    return _PCT.sub(_normalize_pct, path) or "/"


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return quote(host, safe="")


def canonicalize_url(url: str) -> str:
    """The canonical form of an absolute http(s) URL: lower-case scheme and host (IDNA for
    Arabic domains), no default port, user info or fragment, no tracking parameters, the
    other parameters sorted, and the path percent-encoded the way browsers send it.

    Idempotent. Strings that are not absolute http(s) URLs come back stripped and otherwise
    unchanged; check with ``is_http_url`` before fetching them."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    )
    return urlunsplit((scheme, host, _path(parts.path), urlencode(query), ""))


def is_http_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only ones naql fetches."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def absolute_url(base: str | None, link: str) -> str | None:
    """``link`` resolved against ``base``; None when it cannot be a URL at all (a feed's
    ``http://[`` must drop that item, not the whole feed)."""
    link = link.strip()
    if link.startswith(("http://", "https://")) and "[" not in link and "]" not in link:
        return link  # the common case, already absolute: no parsing (feed reading hot path)
    try:
        url = urljoin(base, link) if base else link
        urlsplit(url).port  # noqa: B018 - raises ValueError for a bad host or port
    except ValueError:
        return None
    return url or None
