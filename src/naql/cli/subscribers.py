"""``naql subscribers``: add, import, list and remove email subscribers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from naql.cli.output import emit_json, say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    p = sub.add_parser("subscribers", help="manage email subscribers")
    s = p.add_subparsers(dest="subscribers_command", required=True, metavar="ACTION")
    add = s.add_parser("add", help="add a subscriber (a confirmation email is sent)")
    add.add_argument("email")
    add.add_argument("--frequency", choices=("instant", "daily", "weekly"), default="daily")
    add.add_argument("--section", action="append", default=[])
    add.add_argument("--confirmed", action="store_true", help="skip double opt-in")
    add.set_defaults(handler=run_add)
    imp = s.add_parser("import", help="import subscribers from CSV (email,frequency,sections)")
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--confirmed", action="store_true")
    imp.set_defaults(handler=run_import)
    ls = s.add_parser("list", help="list subscribers")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    ex = s.add_parser("export", help="print all subscribers as CSV (email,frequency,sections)")
    ex.set_defaults(handler=run_export)
    rm = s.add_parser("remove", help="remove a subscriber and their personal data")
    rm.add_argument("email")
    rm.set_defaults(handler=run_remove)


def run_add(args: argparse.Namespace) -> int:
    django_setup()
    from naql.subscriptions import services

    sub = services.add_subscriber(
        args.email, frequency=args.frequency, sections=args.section, confirmed=args.confirmed
    )
    say(f"added {sub.email}" + ("" if args.confirmed else " (confirmation email sent)"))
    return 0


def run_import(args: argparse.Namespace) -> int:
    django_setup()
    from naql.subscriptions import services

    report = services.import_csv(args.file, confirmed=args.confirmed)
    for line, message in report.errors:
        say(f"naql subscribers import: {args.file}: line {line}: {message} (skipped)")
    say(f"imported {report.imported} subscribers, {len(report.errors)} rows skipped")
    return 1 if report.errors else 0


def run_list(args: argparse.Namespace) -> int:
    django_setup()
    from naql.subscriptions import services

    rows = services.list_subscribers()
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            say(f"{r['email']:<40} {r['frequency']:<8} {r['status']}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    django_setup()
    from naql.subscriptions import services

    services.remove_subscriber(args.email)
    say(f"removed {args.email}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    django_setup()
    from naql.subscriptions import services

    sys.stdout.write(services.export_csv())
    return 0
