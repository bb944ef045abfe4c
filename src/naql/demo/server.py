"""The HTTP side of an outlet: a threading stdlib server that answers from an ``OutletSite``.

It behaves like a well-run news server, because tests of politeness and caching rely on it:
HTTP/1.1 keep-alive, ETag and Last-Modified with 304 on conditional GET, gzip when asked for,
404 for unknown paths, misbehaviour on request under ``/_quirks/`` (see ``naql.demo.quirks``),
and every request written to a shared ``RequestLog`` before it is answered.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from naql.demo import quirks
from naql.demo.site import OutletSite, Resource

GZIP_MIN_BYTES = 512
NOT_FOUND = ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
             "<title>الصفحة غير موجودة</title></head><body><h1>404</h1>"
             "<p>عذراً، الصفحة التي تبحث عنها غير موجودة.</p></body></html>").encode()


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as a server saw it; ``time`` is ``time.monotonic()`` at arrival, so
    intervals between requests can be measured without clock jumps."""

    outlet: str
    path: str
    time: float
    client: str
    method: str
    status: int
    user_agent: str
    cookie: str = ""


class RequestLog:
    """A thread-safe, append-only log of every request to every outlet of a newsroom."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []

    def add(self, record: RequestRecord) -> None:
        """Append a record (called from server threads)."""
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> tuple[RequestRecord, ...]:
        """The records so far, in arrival order."""
        with self._lock:
            return tuple(self._records)

    def for_outlet(self, slug: str) -> tuple[RequestRecord, ...]:
        """The records of one outlet server."""
        return tuple(r for r in self.snapshot() if r.outlet == slug)

    def clear(self) -> None:
        """Forget everything logged so far (between phases of a test)."""
        with self._lock:
            self._records.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


class OutletServer(ThreadingHTTPServer):
    """A stdlib threading server bound to one outlet's site and the newsroom's log."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], slug: str, log: RequestLog) -> None:
        super().__init__(address, _Handler)
        self.host = address[0]
        self.slug = slug
        self.log = log
        self.site: OutletSite | None = None  # set once the URLs (which need the port) are known
        self._gzipped: dict[str, bytes] = {}
        self._gzip_lock = threading.Lock()

    def gzipped(self, key: str, body: bytes) -> bytes:
        """The gzip form of a body, compressed on first request and kept."""
        with self._gzip_lock:
            if key not in self._gzipped:
                self._gzipped[key] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzipped[key]

    def start(self) -> threading.Thread:
        """Serve in a daemon thread."""
        thread = threading.Thread(target=self.serve_forever, name=f"newsroom-{self.slug}",
                                  daemon=True)
        thread.start()
        return thread


def _not_modified(resource: Resource, if_none_match: str | None, since: str | None) -> bool:
    """RFC 9110 order: If-None-Match wins; If-Modified-Since only when it is absent."""
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or resource.etag in tags
    if since is None:
        return False
    try:
        when: datetime = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return resource.last_modified.replace(microsecond=0) <= when


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    server: OutletServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silence stderr logging: the RequestLog is the record."""

    def _answer(self, *, send_body: bool) -> None:
        arrived = time.monotonic()
        parts = urlsplit(self.path)
        path = parts.path or "/"
        site = self.server.site
        resource = site.resolve(path) if site is not None else None
        quirk = quirks.answer(path, parts.query, site.resolve) if site is not None else None
        headers: dict[str, str]
        if quirk is not None:
            status, headers, body = quirk.status, dict(quirk.headers), quirk.body
        elif resource is None:
            status, headers, body = 404, {"Content-Type": "text/html; charset=utf-8"}, NOT_FOUND
        elif _not_modified(resource, self.headers.get("If-None-Match"),
                           self.headers.get("If-Modified-Since")):
            status, headers, body = 304, self._validators(resource), b""
        else:
            status, body = 200, resource.body
            headers = {"Content-Type": resource.content_type, **self._validators(resource),
                       "Cache-Control": "max-age=60", "Vary": "Accept-Encoding"}
            if "gzip" in (self.headers.get("Accept-Encoding") or "") and \
                    len(body) >= GZIP_MIN_BYTES:
                body = self.server.gzipped(path, body)
                headers["Content-Encoding"] = "gzip"
        # Logged before answering, so a client that has its response always finds its record.
        self.server.log.add(RequestRecord(
            outlet=self.server.slug, path=self.path, time=arrived, client=self.client_address[0],
            method=self.command, status=status, user_agent=self.headers.get("User-Agent") or "",
            cookie=self.headers.get("Cookie") or "",
        ))
        if quirk is not None and quirk.delay_seconds:
            time.sleep(quirk.delay_seconds)
        self._send(status, headers, body, send_body=send_body and status != 304)

    @staticmethod
    def _validators(resource: Resource) -> dict[str, str]:
        return {"ETag": resource.etag, "Last-Modified": _http_date(resource.last_modified)}

    def _send(self, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)


def _http_date(when: datetime) -> str:
    """An IMF-fixdate (``Sun, 18 Feb 2018 17:35:43 GMT``)."""
    return format_datetime(when.astimezone(UTC), usegmt=True)
