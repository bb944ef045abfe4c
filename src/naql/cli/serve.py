"""``naql demo|run|serve|worker|migrate``: the long-running roles and the schema."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

from naql.cli.output import say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="offline demo: local newsroom, ingest, serve the site")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--exit-after-ingest", action="store_true", help=argparse.SUPPRESS)
    demo.set_defaults(handler=run_demo)
    run = sub.add_parser("run", help="web + workers + scheduler in one process")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--host", default="127.0.0.1")
    run.set_defaults(handler=run_all)
    serve = sub.add_parser("serve", help="the web site only (gunicorn)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=run_serve)
    worker = sub.add_parser("worker", help="the pipeline stages only")
    worker.set_defaults(handler=run_worker)
    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    django_setup(migrate=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def _send_due_mail() -> int:
    """The scheduler's mail duty: plan due editions and drain the outbox."""
    from django.utils import timezone

    from naql.subscriptions.services import send_due

    report = send_due(timezone.now())
    return report.plan.planned + report.delivery.sent


def _work_loop(stop: threading.Event) -> None:
    from naql.news.stages import StageConfig
    from naql.news.workers import Worker, WorkerOptions

    options = WorkerOptions(extra_duties=(_send_due_mail,))
    Worker(stop, StageConfig.from_settings(), options).run()


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def run_worker(args: argparse.Namespace) -> int:
    django_setup()
    stop = threading.Event()
    _stop_on_signals(stop)
    say("naql worker: processing due work; Ctrl-C to stop")
    _work_loop(stop)
    return 0


def run_all(args: argparse.Namespace) -> int:
    django_setup()
    from naql.cli.webserver import start_web

    stop = threading.Event()
    _stop_on_signals(stop)
    server = start_web(args.host, args.port)
    say(f"naql: serving http://{args.host}:{args.port}/")
    _work_loop(stop)
    server.shutdown()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    from naql.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return application

    say(f"naql: serving http://{args.host}:{args.port}/ with {args.workers} workers")
    _App().run()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    home = Path(os.environ.get("NAQL_HOME", "./.naql")).resolve() / "demo"
    if home.exists() and not os.environ.get("DATABASE_URL"):
        shutil.rmtree(home)
    os.environ["NAQL_HOME"] = str(home)
    os.environ["NAQL_DEMO"] = "1"
    os.environ.setdefault("NAQL_HOST_DELAY", "0")
    os.environ.setdefault("NAQL_BASE_URL", f"http://{args.host}:{args.port}")
    django_setup()
    from naql.cli.demo import populate
    from naql.cli.webserver import start_web
    from naql.demo.newsroom import Newsroom, load_sample

    started = time.monotonic()
    with Newsroom(articles=load_sample(), host="127.0.0.1") as room:
        report = populate(room)
        say(
            f"naql demo: {report.published} articles from {len(room.outlets)} outlets "
            f"in {time.monotonic() - started:.1f} s"
        )
        if args.exit_after_ingest:
            return 0
        server = start_web(args.host, args.port)
        say(f"naql demo: open http://{args.host}:{args.port}/  (Ctrl-C to stop)")
        stop = threading.Event()
        _stop_on_signals(stop)
        stop.wait()
        server.shutdown()
    return 0
