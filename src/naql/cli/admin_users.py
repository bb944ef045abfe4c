"""``naql users add|list|roles`` and ``naql createadmin``: accounts for the admin.

Passwords never travel on the command line (where ``ps`` and shell history see them): they
come from stdin with ``--password-stdin``, or are generated and printed once.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from naql.cli.output import emit_json, say
from naql.cli.setup import django_setup
from naql.errors import InputError


def register(sub: Any) -> None:
    users = sub.add_parser("users", help="admin accounts and their roles (editor, admin)")
    actions = users.add_subparsers(dest="users_action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a staff account with a role")
    _account_args(add)
    add.add_argument("--role", choices=("editor", "admin"), required=True)
    add.set_defaults(handler=run_add)
    ls = actions.add_parser("list", help="list accounts and their roles")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    roles = actions.add_parser("roles", help="create or update the editor and admin groups")
    roles.add_argument("--json", action="store_true")
    roles.set_defaults(handler=run_roles)
    ca = sub.add_parser("createadmin", help="create a superuser in the admin role")
    _account_args(ca)
    ca.set_defaults(handler=run_createadmin, role="admin")


def _account_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("username")
    p.add_argument("--email", default="")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from stdin (otherwise one is generated and printed)")
    p.add_argument("--json", action="store_true")


def _create(args: argparse.Namespace, superuser: bool) -> int:
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < 8:
            raise InputError("the password on stdin must be at least 8 characters")
    django_setup()
    from naql.ops.roles import NewAccount, create_account

    user, password = create_account(
        NewAccount(args.username, args.role, args.email, password, superuser=superuser)
    )
    doc: dict[str, Any] = {"username": user.username, "role": args.role, "superuser": superuser}
    if not args.password_stdin:
        doc["password"] = password
    if args.json:
        emit_json(doc)
    else:
        say(f"created {args.role} {user.username!r}; log in at /admin/")
        if not args.password_stdin:
            say(f"password: {password}  (shown once: store it now)")
    return 0


def run_add(args: argparse.Namespace) -> int:
    return _create(args, superuser=False)


def run_createadmin(args: argparse.Namespace) -> int:
    return _create(args, superuser=True)


def run_list(args: argparse.Namespace) -> int:
    django_setup()
    from django.contrib.auth.models import User

    from naql.ops.roles import role_of

    rows = [
        {"username": u.username, "email": u.email, "role": role_of(u), "active": u.is_active,
         "superuser": u.is_superuser, "last_login": u.last_login}
        for u in User.objects.order_by("username")
    ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            say(f"{r['username']:<24} {r['role'] or '-':<8} {'' if r['active'] else 'inactive'}")
    return 0


def run_roles(args: argparse.Namespace) -> int:
    django_setup()
    from naql.ops.roles import ensure_roles

    groups = ensure_roles()
    doc = {role: sorted(f"{p.content_type.app_label}.{p.codename}"
                        for p in g.permissions.select_related("content_type"))
           for role, g in groups.items()}
    if args.json:
        emit_json(doc)
    else:
        for role, perms in doc.items():
            say(f"{role}: {len(perms)} permissions")
    return 0
