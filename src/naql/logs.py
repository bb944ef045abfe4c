"""Structured logs: ``msg key=value …`` lines with a fixed key vocabulary.

Why not f-strings: values travel in ``extra={"fields": {...}}`` so that the message stays a
constant a log search can group on, while the values stay greppable.
"""

from __future__ import annotations

import logging
from typing import Any

KEYS = ("source", "feed_url", "article_url", "story_id", "stage", "elapsed_ms", "error", "count", "worker")


class KeyValueFormatter(logging.Formatter):
    """Render a record as ``time level logger msg k=v …``, quoting values with spaces."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", {}) or {}
        parts = [self.formatTime(record), record.levelname, record.name, record.getMessage()]
        for key, value in fields.items():
            text = str(value)
            if " " in text or not text:
                text = '"' + text.replace('"', '\\"') + '"'
            parts.append(f"{key}={text}")
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def log(logger: logging.Logger, level: int, msg: str, **fields: Any) -> None:
    """Log ``msg`` with structured ``fields``."""
    logger.log(level, msg, extra={"fields": fields})
