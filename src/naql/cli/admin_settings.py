"""``naql settings``: the configuration this process runs with, secrets masked.

Why a command: "which database is this talking to, and with which User-Agent?" is the first
question when something is off, and the answer depends on the environment of the process, not
on a file an operator can read.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from naql.cli.output import emit_json, say
from naql.cli.setup import django_setup

MASK = "********"


def register(sub: Any) -> None:
    p = sub.add_parser("settings", help="show the effective configuration (secrets masked)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_settings)


def _mask_url(url: str) -> str:
    """Hide the password in ``scheme://user:password@host``."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", rf"\1{MASK}@", url)


def _value(name: str, settings: Any) -> Any:
    db = settings.DATABASES["default"]
    special = {
        "DATABASE_URL": f"{db['ENGINE'].rsplit('.', 1)[-1]}:{db.get('HOST') or ''}/{db['NAME']}",
        "NAQL_SECRET_KEY": MASK,
        "NAQL_SMTP_URL": _mask_url(str(getattr(settings, "NAQL_SMTP_URL", ""))),
        "NAQL_DEBUG": settings.DEBUG,
        "NAQL_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "NAQL_LOG_LEVEL": settings.LOGGING.get("loggers", {}).get("naql", {}).get("level"),
    }
    if name in special:
        return special[name]
    value = getattr(settings, name, None)
    return str(value) if value is not None and not isinstance(value, (bool, int, float)) else value


def run_settings(args: argparse.Namespace) -> int:
    django_setup(migrate=False)
    from django.conf import settings

    from naql.settings import SETTINGS_HELP

    rows = [
        {"name": name, "value": _value(name, settings), "help": help_text}
        for name, help_text in SETTINGS_HELP.items()
    ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            say(f"{r['name']:<24} {r['value']}")
    return 0
