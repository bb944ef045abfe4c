"""A threaded WSGI server for the one-process modes (``naql demo``, ``naql run``).

Why not gunicorn here: these modes share one process with the workers and the demo newsroom;
``naql serve`` uses gunicorn for production.
"""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Access logs stay off; the site's own logging says what matters."""


def start_web(host: str, port: int) -> WSGIServer:
    """Start serving the Django site in a daemon thread; returns the server (call shutdown())."""
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("collectstatic", interactive=False, verbosity=0)
    server = make_server(
        host,
        port,
        get_wsgi_application(),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, name="naql-web", daemon=True).start()
    return server
