"""Incremental Content-Encoding decoding with a hard cap on the decoded size.

Why not let httpx decode: its decoders inflate each chunk completely before we can count the
bytes, so a 10 KB gzip bomb becomes gigabytes in memory first. Here every decoder is asked for
at most "cap left + 1" bytes at a time, so a bomb costs at most the cap.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli  # no stubs: pyproject.toml lets mypy treat it as untyped

from naql.errors import PermanentFetchError, TooLarge


class _Stage(Protocol):
    """One decoding step; ``feed`` returns at most ``limit`` bytes more than it is asked for."""

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode ``data``; return the output, raising ``TooLarge`` past ``limit`` bytes."""
        ...


class _Identity:
    def feed(self, data: bytes, limit: int) -> bytes:
        return data


class _Zlib:
    """gzip (``wbits=31``) or deflate; deflate is tried with its zlib header, then raw,
    because servers send both under the same name."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._d = zlib.decompressobj(31 if gzip else 15)
        self._first = True

    def feed(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._run(data, limit)
        except zlib.error:
            if self._gzip or not self._first:
                raise
            self._d = zlib.decompressobj(-15)
            out = self._run(data, limit)
        self._first = False
        return out

    def _run(self, data: bytes, limit: int) -> bytes:
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = self._d.decompress(data, limit - size + 1)
            size += len(chunk)
            parts.append(chunk)
            if size > limit:
                raise TooLarge("decoded body over the cap", url="")
            data = self._d.unconsumed_tail
            if not data:
                if self._gzip and self._d.eof and self._d.unused_data:
                    # A second gzip member: concatenated gzip streams are valid gzip.
                    data = self._d.unused_data
                    self._d = zlib.decompressobj(31)
                    continue
                return b"".join(parts)


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        parts = [self._d.process(data, output_buffer_limit=limit + 1)]
        size = len(parts[0])
        while size <= limit and not self._d.can_accept_more_data():
            more = self._d.process(b"", output_buffer_limit=limit - size + 1)
            if not more:
                break
            parts.append(more)
            size += len(more)
        if size > limit:
            raise TooLarge("decoded body over the cap", url="")
        return b"".join(parts)


def _stage(name: str) -> _Stage:
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br":
        return _Brotli()
    if name in ("identity", ""):
        return _Identity()
    raise PermanentFetchError(f"unsupported Content-Encoding {name!r}", url="")


class BodyReader:
    """Collects a response body chunk by chunk, enforcing the wire cap and the decoded cap.

    Owned by one fetch; not thread-safe. Raises ``TooLarge`` (with the URL) the moment either
    cap is passed, and ``PermanentFetchError`` for a corrupt or unsupported encoding."""

    def __init__(self, url: str, content_encoding: str, caps: tuple[int, int]) -> None:
        self._url = url
        self._max_wire, self._max_decoded = caps
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        # Encodings are listed in the order they were applied; undo them in reverse.
        self._stages = [_stage(n) for n in reversed(names)] if names else [_Identity()]
        self._wire = 0
        self._decoded = 0
        self._parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        """Add one chunk of wire bytes."""
        self._wire += len(chunk)
        if self._wire > self._max_wire:
            raise TooLarge(
                f"the response is larger than {self._max_wire} bytes on the wire", url=self._url
            )
        data = chunk
        try:
            for stage in self._stages:
                data = stage.feed(data, self._max_decoded - self._decoded)
        except TooLarge as e:
            raise TooLarge(
                f"the decoded response is larger than {self._max_decoded} bytes "
                "(a compression bomb, or a page far larger than any article)",
                url=self._url,
            ) from e
        except (zlib.error, brotli.error) as e:
            raise PermanentFetchError(f"corrupt compressed body: {e}", url=self._url) from e
        self._decoded += len(data)
        if self._decoded > self._max_decoded:
            raise TooLarge(
                f"the decoded response is larger than {self._max_decoded} bytes", url=self._url
            )
        self._parts.append(data)

    def body(self) -> bytes:
        """The decoded body so far."""
        return b"".join(self._parts)
