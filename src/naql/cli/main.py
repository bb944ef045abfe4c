"""``naql``: parse the command line and dispatch to one module per command group.

Exit codes are part of the contract: 0 ok, 1 the work failed (stderr says why and what to
do), 2 bad usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from naql.cli.i18n import help_language, localize
from naql.cli.output import CommandFailed, say
from naql.errors import NaqlError

Handler = Callable[[argparse.Namespace], int]


def build_parser(language: str | None = None) -> argparse.ArgumentParser:
    """The whole command tree; each group module adds its own sub-commands. Help texts are
    Arabic or English by ``language``, else by the locale (see ``naql.cli.i18n``)."""
    from naql.cli import (
        admin_settings,
        admin_users,
        backfill,
        content,
        extract,
        ingest,
        mail,
        ops,
        serve,
        sources,
        subscribers,
    )

    parser = argparse.ArgumentParser(
        prog="naql",
        description="naql — an Arabic-first engine that aggregates news and republishes it "
        "with attribution.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = (serve, sources, ingest, extract, content, subscribers, mail)
    for module in (*commands, ops, backfill, admin_users, admin_settings):
        module.register(sub)
    return localize(parser, language or help_language())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``naql`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except (CommandFailed, NaqlError) as e:
        say(f"naql: {e}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
