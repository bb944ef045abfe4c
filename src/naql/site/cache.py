"""The public page cache, and the content version that keeps it honest across processes.

A cached page is stored once, rendered, with its CSRF token cut out, and with its gzip (and,
without a token, brotli) encodings computed at store time. ``PageCacheMiddleware`` answers a
hit before the session, auth, CSRF and messages middleware run: one cache read, a fresh CSRF
token spliced in, a 304 when the validators match, and no database query.

Why a content version in the database: Django's default cache lives in each process, so a
takedown made in one process (the admin, ``naql articles hide``, a pipeline worker) used to
stay visible in every other web process until its pages expired. Every write that changes what
readers see bumps one counter row (after its transaction commits); the version is part of every
cache key, and each process reads it at most once per ``VERSION_CHECK_SECONDS``. So a change
shows everywhere within about a second, and a cache hit costs no query at all. Within the
process that made a change, a local epoch (also in the key) changes at once, even before the
commit.

How the token is spliced into gzip without compressing per request: a deflate stream may be cut
into pieces that each end on a byte boundary (a sync flush), and an uncompressed "stored" block
may sit between them. The page's pieces are compressed once; per request only the token is
framed as a stored block and the CRC of what follows the first piece is computed.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import struct
import time
import zlib
from collections.abc import Callable
from typing import NamedTuple

import brotli
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

VERSION_CHECK_SECONDS = 1.0
TOKEN_MARKER = "@@naql-csrf-token@@"  # noqa: S105 (a placeholder, not a secret)
VARY = "Cookie, Accept-Language, Accept-Encoding"
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no mtime, OS unknown
_GZIP_LEVEL = 6
_BROTLI_QUALITY = 5
_TOKEN_FIELD = 'name="csrfmiddlewaretoken" value="'  # noqa: S105 (where a token starts)
_GZIP = re.compile(r"\bgzip\b")
_BR = re.compile(r"\bbr\b")


# --- the content version -------------------------------------------------------------------


def read_content_version() -> int:
    """The stored content version (0 before the first change)."""
    from naql.site.models import SINGLETON_PK, ContentVersion

    value = ContentVersion.objects.filter(pk=SINGLETON_PK).values_list("value", flat=True).first()
    return int(value or 0)


class ContentClock:
    """What this process knows of the content version, re-read at most every ``interval``
    seconds; ``epoch`` counts changes made in this process (seen at once, even uncommitted)."""

    def __init__(
        self,
        interval: float = VERSION_CHECK_SECONDS,
        now: Callable[[], float] = time.monotonic,
        read: Callable[[], int] = read_content_version,
    ) -> None:
        self.interval = interval
        self._now = now
        self._read = read
        self._version = -1
        self._checked: float | None = None
        self.epoch = 0

    def key(self) -> str:
        """The part of every cache key that changes when content changes."""
        now = self._now()
        if self._checked is None or now - self._checked >= self.interval:
            # A database outage must not take cached pages down too: keep the last version.
            with contextlib.suppress(DatabaseError):
                self._version = self._read()
            self._checked = now
        return f"{self._version}.{self.epoch}"

    def touched(self) -> None:
        """This process changed content: keys change now."""
        self.epoch += 1

    def expire(self) -> None:
        """Re-read the stored version at the next ``key()``."""
        self._checked = None


clock = ContentClock()


def _store_bump() -> None:
    from naql.site.models import SINGLETON_PK, ContentVersion

    if not ContentVersion.objects.filter(pk=SINGLETON_PK).update(value=F("value") + 1):
        ContentVersion.objects.update_or_create(pk=SINGLETON_PK, defaults={"value": 1})
    clock.expire()


def bump_content_version() -> None:
    """Call after (or during) any write that changes what readers see: every web process stops
    serving pages rendered before it within ``VERSION_CHECK_SECONDS``.

    Inside a transaction the stored bump waits for the commit (once per transaction), so no
    process can re-render the old content under the new version; this process sees the change
    at once through its epoch. Signal receivers call this for articles, stories, sources,
    sections and site settings (``naql.site.apps``); code that writes with ``QuerySet.update()``
    (no signals) calls it itself.
    """
    clock.touched()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _store_bump()
        return
    pending = getattr(connection, "run_on_commit", ())
    if not any(entry[1] is _store_bump for entry in pending):
        transaction.on_commit(_store_bump)


# --- CSRF tokens, made cheaply ---------------------------------------------------------------

_TOKEN_CHARS = CSRF_ALLOWED_CHARS
_CHAR_INDEX = {c: i for i, c in enumerate(_TOKEN_CHARS)}
_LIMIT = 256 - 256 % len(_TOKEN_CHARS)  # bytes at or above it are dropped: no modulo bias
_TO_CHAR = bytes(ord(_TOKEN_CHARS[b % len(_TOKEN_CHARS)]) for b in range(256))
_REJECTED = bytes(range(_LIMIT, 256))


def _random_string(length: int) -> str:
    out = b""
    while len(out) < length:
        out += secrets.token_bytes(length + 16).translate(_TO_CHAR, _REJECTED)
    return out[:length].decode()


def csrf_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token`` returns (a masked token for the request's CSRF
    secret, which it creates if needed and marks for the cookie), without its 64 calls to
    ``secrets.choice``: the cached page's largest cost when measured."""
    meta = request.META
    secret = meta.get("CSRF_COOKIE")
    if secret is None:
        secret = meta["CSRF_COOKIE"] = _random_string(CSRF_SECRET_LENGTH)
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_string(CSRF_SECRET_LENGTH)
    n = len(_TOKEN_CHARS)
    index = _CHAR_INDEX
    cipher = "".join(
        _TOKEN_CHARS[(index[s] + index[m]) % n] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


# --- cached pages ----------------------------------------------------------------------------


class CachedPage(NamedTuple):
    """A rendered page: ``parts`` are its body cut where each visitor's CSRF token goes."""

    parts: tuple[bytes, ...]
    gzip_parts: tuple[bytes, ...]  # each part as raw deflate; all but the last end byte-aligned
    gzip_crc0: int  # CRC-32 of the first part
    brotli: bytes | None  # only for pages without a token
    content_type: str
    etag: str
    last_modified: int
    last_modified_http: str
    max_age: int
    language: str


def _deflate(data: bytes, final: bool) -> bytes:
    packer = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


def build_page(response: HttpResponse, max_age: int, language: str) -> CachedPage:
    """Cut the response's body at its CSRF token(s) and precompute what every hit needs."""
    body = response.content
    text = body.decode(response.charset or "utf-8")
    start = text.find(_TOKEN_FIELD)
    if start >= 0:
        start += len(_TOKEN_FIELD)
        token = text[start : text.index('"', start)]
        text = text.replace(token, TOKEN_MARKER)
    parts = tuple(part.encode() for part in text.split(TOKEN_MARKER))
    marked = TOKEN_MARKER.encode().join(parts)
    last = len(parts) - 1
    now = int(time.time())
    return CachedPage(
        parts=parts,
        gzip_parts=tuple(_deflate(part, i == last) for i, part in enumerate(parts)),
        gzip_crc0=zlib.crc32(parts[0]),
        brotli=brotli.compress(marked, quality=_BROTLI_QUALITY) if len(parts) == 1 else None,
        content_type=response["Content-Type"],
        etag='W/"' + hashlib.blake2b(marked, digest_size=12).hexdigest() + '"',
        last_modified=now,
        last_modified_http=http_date(now),
        max_age=max_age,
        language=language,
    )


def _stored_block(data: bytes) -> bytes:
    """``data`` as one uncompressed, non-final deflate block (starting on a byte boundary)."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def _gzip_body(page: CachedPage, token: bytes) -> bytes:
    out = [_GZIP_HEADER, page.gzip_parts[0]]
    crc, size = page.gzip_crc0, len(page.parts[0])
    for part, packed in zip(page.parts[1:], page.gzip_parts[1:], strict=True):
        out += (_stored_block(token), packed)
        crc = zlib.crc32(part, zlib.crc32(token, crc))
        size += len(token) + len(part)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def respond(page: CachedPage, request: HttpRequest) -> HttpResponse:
    """The response for ``page``: 304 when the validators match, else the body in the best
    encoding the client accepts, with this visitor's CSRF token."""
    response = HttpResponse(content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = page.last_modified_http
    response["Cache-Control"] = f"max-age={page.max_age}"
    response["Vary"] = VARY
    response["Content-Language"] = page.language
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        conditional = get_conditional_response(
            request, etag=page.etag, last_modified=page.last_modified, response=response
        )
        if conditional is not None and conditional is not response:
            return conditional
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    token = csrf_token(request).encode() if len(page.parts) > 1 else b""
    if page.brotli is not None and _BR.search(accepted):
        body, encoding = page.brotli, "br"
    elif _GZIP.search(accepted):
        body, encoding = _gzip_body(page, token), "gzip"
    else:
        body, encoding = token.join(page.parts), ""
    if encoding:
        response["Content-Encoding"] = encoding
    response.content = body
    response["Content-Length"] = str(len(body))
    return response


class PageLookup(NamedTuple):
    key: str
    language: str


class PageCache:
    """Pages by content version, language and address, in a Django cache backend."""

    def __init__(self, store: BaseCache | None = None, content: ContentClock = clock) -> None:
        self._store = store
        self.content = content

    @property
    def store(self) -> BaseCache:
        return self._store if self._store is not None else caches["default"]

    def lookup(self, request: HttpRequest) -> PageLookup:
        """Where the page for ``request`` is (or will be) stored, and its language."""
        from naql.site.languages import request_language

        language = request_language(request)
        address = request.path + "?" + request.META.get("QUERY_STRING", "")
        digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
        return PageLookup(f"naql:page:{self.content.key()}:{language}:{digest}", language)

    def get(self, lookup: PageLookup) -> CachedPage | None:
        page: CachedPage | None = self.store.get(lookup.key)
        return page

    def put(self, lookup: PageLookup, page: CachedPage) -> None:
        self.store.set(lookup.key, page, page.max_age)


pages = PageCache()
