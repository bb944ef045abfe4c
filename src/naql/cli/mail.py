"""``naql mail send-due``: build and send every edition that is due."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from naql.cli.output import CommandFailed, emit_json, say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    p = sub.add_parser("mail", help="subscriber email")
    s = p.add_subparsers(dest="mail_command", required=True, metavar="ACTION")
    due = s.add_parser("send-due", help="build and send every edition due now (or at --now)")
    due.add_argument("--now", help="ISO 8601 time to act as the current time")
    due.add_argument("--json", action="store_true")
    due.add_argument("--connections", type=_positive, default=1,
                     help="SMTP connections in parallel (each may repeat one message after a crash)")
    due.set_defaults(handler=run_send_due)


def _positive(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def run_send_due(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)  # not django.utils.timezone: settings are not configured yet
    if args.now:
        try:
            now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError as e:
            raise CommandFailed(f"--now {args.now!r} is not an ISO 8601 time") from e
        if now.tzinfo is None:
            raise CommandFailed("--now needs a time zone, e.g. 2026-11-27T07:00:00+03:00")
    django_setup()
    from naql.subscriptions import services
    from naql.subscriptions.delivery import DeliveryPolicy

    report = services.send_due(now, DeliveryPolicy(connections=args.connections))
    if args.json:
        emit_json(report.as_dict())
    else:
        say(str(report))
    return 0
