"""A fault-injection HTTP server for the fetch tests: real HTTP on a loopback address, in a
thread of the test process.

Each route is a function from the request to a ``Reply``; a reply can be slow to start,
drip its body, lie about its length, redirect, or be a compression bomb. Every request is
logged with its arrival time (``time.monotonic()``), so tests can check pacing and that one
host's trouble did not hold up another.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli


@dataclass(frozen=True, slots=True)
class Reply:
    """What a route answers. ``delay`` holds the headers back; ``drip`` sends the body in
    ``drip`` pieces with ``drip_pause`` seconds between; ``length`` overrides Content-Length
    (a larger one makes the server hang up early: a truncated transfer)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: int = 0
    drip_pause: float = 0.0
    length: int | None = None


@dataclass(frozen=True, slots=True)
class Seen:
    """One request as the server saw it."""

    at: float
    host: str
    path: str
    headers: dict[str, str]
    client_port: int = 0
    """The client's source port: a new one means a new connection."""


Route = Callable[[Seen], Reply]


def ok(body: bytes | str, content_type: str = "application/rss+xml; charset=utf-8") -> Reply:
    """A plain 200."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Reply(body=data, headers={"Content-Type": content_type})


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location``."""
    return Reply(status=status, headers={"Location": location})


def bomb(encoding: str, size: int) -> Reply:
    """``size`` zero bytes, compressed: a few KB on the wire, ``size`` once decoded."""
    raw = b"\0" * size
    if encoding == "gzip":
        body = gzip.compress(raw, 9)
    elif encoding == "deflate":
        body = zlib.compress(raw, 9)
    else:
        body = brotli.compress(raw, quality=5)
    return Reply(
        body=body, headers={"Content-Type": "application/xml", "Content-Encoding": encoding}
    )


class FaultServer:
    """Serves ``routes`` on ``host`` (any 127.x.y.z address); unknown paths get 404."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def do_GET(self) -> None:
                seen = Seen(
                    at=time.monotonic(),
                    host=host,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    client_port=self.client_address[1],
                )
                with server._lock:
                    server.log.append(seen)
                route = server.routes.get(self.path.split("?", 1)[0])
                reply = route(seen) if route else Reply(status=404, body=b"not found")
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                length = reply.length if reply.length is not None else len(reply.body)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    if reply.drip:
                        step = max(1, len(reply.body) // reply.drip)
                        for i in range(0, len(reply.body), step):
                            self.wfile.write(reply.body[i : i + step])
                            self.wfile.flush()
                            time.sleep(reply.drip_pause)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    return
                if reply.length is not None and reply.length != len(reply.body):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the request log is ``FaultServer.log``."""

        self._httpd = ThreadingHTTPServer((host, 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this server."""
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, route: Route | Reply) -> None:
        """Answer ``path`` with ``route`` (a function of the request, or a fixed reply)."""
        self.routes[path] = route if callable(route) else (lambda _seen, r=route: r)

    def hits(self, path: str | None = None) -> list[Seen]:
        """The logged requests, optionally only those for ``path``."""
        with self._lock:
            return [s for s in self.log if path is None or s.path == path]

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
