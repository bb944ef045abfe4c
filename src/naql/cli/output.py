"""How commands speak: JSON for scripts on stdout, messages for people on stderr."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def dumps(value: Any) -> str:
    """JSON with Arabic kept readable (no \\u escapes) and datetimes in ISO 8601."""
    return json.dumps(value, ensure_ascii=False, default=_default)


def emit_json(value: Any) -> None:
    """Print one JSON document on stdout."""
    sys.stdout.write(dumps(value) + "\n")


def say(message: str) -> None:
    """A message for the person at the terminal (stderr, so stdout stays machine-readable)."""
    sys.stderr.write(message.rstrip("\n") + "\n")


class CommandFailed(Exception):
    """The work failed: the CLI prints the message and exits 1."""
