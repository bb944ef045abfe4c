"""``naql ingest --once``: do all due work until idle, then exit."""

from __future__ import annotations

import argparse
from typing import Any

from naql.cli.output import emit_json, say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="poll sources, fetch, extract and publish due work")
    p.add_argument("--once", action="store_true", help="run until no work is due, then exit")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_setup()
    from naql.news.stages import ingest_once

    if not args.once:
        say("naql ingest runs once with --once; for continuous work use `naql worker` or `naql run`")
        return 2
    report = ingest_once()
    summary = {"entries": report.entries, "articles": report.articles, "published": report.published}
    if args.json:
        emit_json(summary)
    else:
        say(
            f"new entries: {report.entries}, articles stored: {report.articles}, "
            f"published: {report.published}"
        )
    return 0
