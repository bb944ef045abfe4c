"""The command line's contract, for every command at once: a usage error exits 2 with the usage;
a command given ``--json`` prints one JSON document and exits 0, or fails with exit 1, a
message on stderr and nothing on stdout, never a traceback.

Outside tools depend on this contract (DESIGN.md), so a new command is covered the day it is
added: the commands are read from the parser, not listed here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from naql.cli.i18n import parsers
from naql.cli.main import build_parser
from tests.conftest import run_naql

# Long-running roles (they serve until stopped) and commands that ask for a password.
NOT_ONE_SHOT = {"demo", "run", "serve", "worker", "createadmin", "users add"}
# Options a command needs to be run once (`naql ingest` alone refuses: use a worker).
ONCE = {"ingest": ["--once"]}


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    return [(path, p) for path, p in parsers(build_parser("en")) if path]


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a for a in parser._actions
        if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
    ]


def test_every_command_exits_2_with_its_usage_on_a_usage_error(
    naql_env: dict[str, str],
) -> None:
    commands = _commands()
    assert len(commands) > 30
    for path, _ in commands:
        proc = run_naql(naql_env, *path.split(), "--no-such-option", check=False, timeout=60)
        assert proc.returncode == 2, (path, proc.returncode, proc.stderr[-500:])
        assert "usage:" in proc.stderr, (path, proc.stderr[-500:])
        assert "Traceback" not in proc.stderr, path


def test_every_json_command_prints_json_or_fails_with_a_message(
    naql_env: dict[str, str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-file.html")
    fillers = {"url": "not a url", "inputs": missing, "query": "انتخابات", "file": missing}
    checked = 0
    for path, parser in _commands():
        if path in NOT_ONE_SHOT or not any("--json" in a.option_strings for a in parser._actions):
            continue
        args = [
            "999999" if a.type is int else fillers.get(a.dest, "no-such-thing")
            for a in _positionals(parser)
        ]
        once = ONCE.get(path, [])
        proc = run_naql(naql_env, *path.split(), *args, *once, "--json", check=False, timeout=120)
        assert "Traceback" not in proc.stderr, (path, proc.stderr[-800:])
        if proc.returncode == 0:
            json.loads(proc.stdout)  # one JSON document, nothing else on stdout
        else:
            assert proc.returncode == 1, (path, proc.returncode, proc.stderr[-500:])
            assert proc.stderr.strip(), f"`naql {path}` failed without saying why"
            assert not proc.stdout.strip(), (path, proc.stdout[:300])
        checked += 1
    assert checked >= 20
