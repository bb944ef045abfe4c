"""``naql sources backfill SLUG``: a source's older articles from its sitemaps.

Register after ``naql.cli.sources`` (it adds an action to the ``sources`` group).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from typing import Any

from naql.cli.ops import _actions
from naql.cli.output import CommandFailed, emit_json, say
from naql.cli.setup import django_setup
from naql.errors import InputError

PHASES = {"sitemaps": "reading sitemaps", "articles": "fetching articles"}


def _when(value: str) -> tuple[datetime, bool]:
    """An ISO 8601 date or date-time; the flag says it was a date alone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: give YYYY-MM-DD or an ISO 8601 date-time"
        ) from e
    return parsed, len(value.strip()) <= 10


def register(sub: Any) -> None:
    sources = _actions(sub, "sources")
    b = sources.add_parser(
        "backfill",
        help="fetch a source's older articles from its sitemaps, through the normal stages",
        description="Read the source's sitemaps (sitemap indexes included), queue the pages "
        "dated within --since/--until and run them through extraction and publishing.",
    )
    b.add_argument("slug", metavar="SLUG")
    b.add_argument("--since", type=_when, metavar="DATE",
                   help="oldest date to fetch (YYYY-MM-DD or ISO 8601), inclusive")
    b.add_argument("--until", type=_when, metavar="DATE",
                   help="newest date to fetch (YYYY-MM-DD or ISO 8601), inclusive")
    b.add_argument("--sitemap", action="append", metavar="URL",
                   help="read this sitemap instead of the source's own (repeatable)")
    b.add_argument("--limit", type=int, metavar="N", help="queue at most N pages, newest first")
    b.add_argument("--json", action="store_true", help="print a JSON report")
    b.set_defaults(handler=run_backfill)


def _aware(value: tuple[datetime, bool] | None, end: bool) -> datetime | None:
    from django.utils import timezone

    if value is None:
        return None
    when, date_only = value
    if date_only:
        when = datetime.combine(when.date(), time.max if end else time.min)
    return timezone.make_aware(when) if timezone.is_naive(when) else when


@contextmanager
def _progress_bar() -> Iterator[Any]:
    """A rich progress bar on stderr when it is a terminal (scripts get none)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield progress


def run_backfill(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be at least 1")
    django_setup()
    from naql.news.stages import StageConfig
    from naql.ops.backfill import Window, backfill
    from naql.sources.models import Source

    source = Source.objects.filter(slug=args.slug).first()
    if source is None:
        raise InputError(f"no such source: {args.slug} (see `naql sources list`)")
    window = Window(_aware(args.since, end=False), _aware(args.until, end=True))
    if window.since and window.until and window.since > window.until:
        raise InputError("--since is after --until; swap them")
    with _progress_bar() as progress:
        report = backfill(source, window, StageConfig.from_settings(),
                          sitemaps=args.sitemap, limit=args.limit, progress=progress)
    if args.json:
        emit_json(report.as_json())
    else:
        for s in report.sitemaps:
            say(f"sitemap {s.url}: {s.error or f'{s.urls} pages, {s.children} sitemaps'}")
        say(f"{report.in_range} pages in range ({report.listed} listed, {report.undated} "
            f"undated), {report.new_entries} queued, {report.already_known} already known")
        say(f"articles stored: {report.articles}, published: {report.published}, rejected: "
            f"{report.rejected}, failed: {report.failed}, waiting for a retry: {report.pending}")
        if report.truncated:
            say("naql: stopped after 500 sitemaps; narrow the range or give --sitemap")
    if report.sitemaps and all(s.error for s in report.sitemaps):
        raise CommandFailed(
            "no sitemap could be read (see the errors above or in --json); check the source's "
            "sitemap URLs, or give one with --sitemap URL"
        )
    return 0
