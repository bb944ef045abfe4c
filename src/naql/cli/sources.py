"""``naql sources``: add, list, import and export the outlets we carry."""

from __future__ import annotations

import argparse
from typing import Any

from naql.cli.output import CommandFailed, emit_json, say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    p = sub.add_parser("sources", help="manage sources")
    s = p.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    add = s.add_parser("add", help="add a source by its homepage or feed URL")
    add.add_argument("url")
    add.add_argument("--name")
    add.add_argument("--policy", choices=("full", "excerpt", "link"), default=None)
    add.add_argument("--section")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)
    ls = s.add_parser("list", help="list sources")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    imp = s.add_parser("import-opml", help="import sources from an OPML file")
    imp.add_argument("file")
    imp.set_defaults(handler=run_import)
    exp = s.add_parser("export-opml", help="print all sources as OPML")
    exp.set_defaults(handler=run_export)


def _source_dict(source: Any) -> dict[str, Any]:
    return {
        "slug": source.slug,
        "name": source.name,
        "homepage": source.homepage,
        "policy": source.policy,
        "section": source.section.slug if source.section else None,
        "enabled": source.enabled,
        "feeds": [e.url for e in source.endpoints.all()],
        "healthy": source.healthy,
        "last_success_at": source.last_success_at,
        "last_error": source.last_error or None,
    }


def run_add(args: argparse.Namespace) -> int:
    django_setup()
    from naql.sources.services import add_source

    source = add_source(args.url, name=args.name, policy=args.policy, section=args.section)
    if args.json:
        emit_json(_source_dict(source))
    else:
        feeds = ", ".join(e.url for e in source.endpoints.all())
        say(f"added {source.name} ({source.slug}) with {feeds}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    django_setup()
    from naql.sources.models import Source

    rows = [_source_dict(s) for s in Source.objects.select_related("section").all()]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            state = "ok" if r["healthy"] else "failing"
            say(f"{r['slug']:<24} {r['policy']:<8} {state:<8} {r['homepage']}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    django_setup()
    from naql.sources.opml import import_opml

    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CommandFailed(f"{args.file}: cannot read the file ({e.strerror})") from e
    added = import_opml(data)
    say(f"imported {added} sources")
    return 0


def run_export(args: argparse.Namespace) -> int:
    django_setup()
    from naql.sources.opml import export_opml

    print(export_opml())
    return 0
