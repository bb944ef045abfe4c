"""Bring Django up for a command, creating the SQLite schema on first use."""

from __future__ import annotations

import os


def django_setup(*, migrate: bool = True) -> None:
    """Configure Django; on an empty SQLite database, create the schema first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naql.settings")
    import django

    django.setup()
    if not migrate:
        return
    from django.db import connection

    if connection.vendor == "sqlite" and "django_migrations" not in (
        connection.introspection.table_names()
    ):
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
