"""``naql sources``: add, list, import and export the outlets we carry."""

from __future__ import annotations

import argparse
import json
from typing import Any

from naql.cli.output import CommandFailed, emit_json, say
from naql.cli.setup import django_setup
from naql.errors import InputError


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
    st = s.add_parser("set", help="change a source's HTTP settings and extraction rules")
    st.add_argument("slug", metavar="SLUG")
    st.add_argument("--user-agent", metavar="UA",
                    help="User-Agent for this site (\"\" for the site-wide one)")
    st.add_argument("--cookies", metavar="COOKIES",
                    help="Cookie header for this site, \"a=1; b=2\" (\"\" for none)")
    st.add_argument("--rules", metavar="JSON",
                    help="extraction rules as JSON, or @FILE (\"\" for none)")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=run_set)


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
        "user_agent": source.user_agent or None,
        "has_cookies": bool(source.cookies),
        "extraction_rules": source.extraction_rules or None,
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


def _rules_value(text: str) -> Any:
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise CommandFailed(f"{text[1:]}: cannot read the file ({e.strerror})") from e
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"--rules is not valid JSON: {e}") from e


def run_set(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from naql.cli.i18n import help_language
    from naql.sources.models import Source

    translation.activate(help_language())  # validation messages in the terminal's language
    source = Source.objects.filter(slug=args.slug).first()
    if source is None:
        raise InputError(f"no such source: {args.slug} (see `naql sources list`)")
    changes = {
        "user_agent": None if args.user_agent is None else args.user_agent.strip(),
        "cookies": None if args.cookies is None else args.cookies.strip(),
        "extraction_rules": None if args.rules is None else _rules_value(args.rules),
    }
    fields = [name for name, value in changes.items() if value is not None]
    if not fields:
        raise InputError("nothing to change: give --user-agent, --cookies or --rules")
    for name in fields:
        setattr(source, name, changes[name])
    try:
        source.full_clean(exclude=[f.name for f in Source._meta.fields if f.name not in fields])
    except ValidationError as e:
        problems = "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}"
                             for k, v in e.message_dict.items())
        raise InputError(problems.replace("--extraction-rules", "--rules")) from e
    source.save(update_fields=fields)
    if args.json:
        emit_json(_source_dict(source))
    else:
        say(f"updated {', '.join(fields)} of {source.slug}")
    return 0
