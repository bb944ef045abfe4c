"""Errors the subscription services raise; they extend naql's one tree (``naql.errors``).

    InputError
    ├── InvalidAddress      an email address that cannot be used (bad syntax, bad IDN domain)
    └── UnknownSubscriber   an operator named an address that has no subscription
    BadLink                 a signed link that is forged, expired, already used or revoked

Each carries an Arabic message fit to show the person who caused it.
"""

from __future__ import annotations

from naql.errors import InputError, NaqlError


class InvalidAddress(InputError):
    """The address is not a deliverable email address; the message says why."""


class UnknownSubscriber(InputError):
    """No subscriber has this address (operator commands only: the web never says so)."""


class BadLink(NaqlError):
    """A signed link failed: ``reason`` is one of forged, expired, used, revoked."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
