"""Misbehaviour on request, for fetch tests: every outlet answers under ``/_quirks/``.

A real newsroom redirects, rate-limits, stalls and mislabels charsets; tests of ``naql.fetch``
need each of these on demand, on the same real server that serves the articles. No page
links here, so a crawl of the demo never meets them. Routes (``REST`` is any served path,
without its leading slash)::

    /_quirks/redirect/N/REST     N × 301, then REST            /_quirks/loop/a   302 a↔b forever
    /_quirks/status/CODE         that status (429 and 503 carry ``Retry-After: 2``, or ?retry=S)
    /_quirks/slow/MS/REST        REST after MS milliseconds (at most 10 s)
    /_quirks/charset/LABEL/REST  REST's bytes declared as charset LABEL (``none``: no charset)
    /_quirks/as-feed/REST        REST's bytes served as application/rss+xml
    /_quirks/size/BYTES          an HTML page of BYTES bytes (at most 64 MiB)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from urllib.parse import parse_qs

from naql.demo.site import Resource

PREFIX = "/_quirks/"
MAX_DELAY_MS = 10_000
MAX_SIZE = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class QuirkAnswer:
    """What the server should send: status, headers, body, and how long to wait first."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay_seconds: float = 0.0


Resolver = Callable[[str], Resource | None]


def _served(resource: Resource, content_type: str | None = None) -> QuirkAnswer:
    return QuirkAnswer(200, {"Content-Type": content_type or resource.content_type,
                             "ETag": resource.etag}, resource.body)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _redirect(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    arg, _, target = rest.partition("/")
    hops = _int(arg)
    if hops is None:
        return None
    location = f"{PREFIX}redirect/{hops - 1}/{target}" if hops > 1 else f"/{target}"
    return QuirkAnswer(301, {"Location": location})


def _loop(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    return QuirkAnswer(302, {"Location": f"{PREFIX}loop/{'b' if rest == 'a' else 'a'}"})


def _status(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    code = _int(rest)
    if code is None or not 200 <= code <= 599:
        return None
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    if code in (429, 503):
        headers["Retry-After"] = parse_qs(query).get("retry", ["2"])[0]
    return QuirkAnswer(code, headers, f"{code}\n".encode())


def _size(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    size = _int(rest)
    if size is None or size > MAX_SIZE:
        return None
    head, tail = b"<!DOCTYPE html><html><body><p>", b"</p></body></html>"
    filler = b"x" * max(0, size - len(head) - len(tail))
    return QuirkAnswer(200, {"Content-Type": "text/html; charset=utf-8"}, head + filler + tail)


def _slow(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    arg, _, target = rest.partition("/")
    delay, resource = _int(arg), resolve("/" + target)
    if delay is None or resource is None:
        return None
    return replace(_served(resource), delay_seconds=min(delay, MAX_DELAY_MS) / 1000)


def _charset(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    label, _, target = rest.partition("/")
    resource = resolve("/" + target)
    if resource is None:
        return None
    mime = resource.content_type.split(";")[0]
    return _served(resource, mime if label == "none" else f"{mime}; charset={label}")


def _as_feed(rest: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    resource = resolve("/" + rest)
    return _served(resource, "application/rss+xml") if resource else None


HANDLERS: Mapping[str, Callable[[str, str, Resolver], QuirkAnswer | None]] = MappingProxyType({
    "redirect": _redirect, "loop": _loop, "status": _status, "size": _size, "slow": _slow,
    "charset": _charset, "as-feed": _as_feed,
})


def answer(path: str, query: str, resolve: Resolver) -> QuirkAnswer | None:
    """The quirk at ``path`` (None: not a quirk path, or a malformed one → the caller 404s)."""
    if not path.startswith(PREFIX):
        return None
    kind, _, rest = path[len(PREFIX):].partition("/")
    handler = HANDLERS.get(kind)
    return handler(rest, query, resolve) if handler else None
