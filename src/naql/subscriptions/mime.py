"""Serializing one email to the bytes SMTP carries, fast enough for 10,000 a minute.

Why not ``EmailMessage.as_bytes()``: profiling a 500-message run put 60% of the sender's CPU in
the email package's header folding and generator, redone for every reader although only a few
headers differ between them. Here the headers shared by an edition (From, Subject) are encoded
once, and each message is a handful of ASCII header lines plus two base64 parts. The output is
checked by parsing it back with the standard library in the tests.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr


@dataclass(frozen=True, slots=True)
class Envelope:
    """What is handed to SMTP: envelope sender, one recipient, the message bytes."""

    sender: str
    recipient: str
    data: bytes


def header_line(name: str, value: str) -> str:
    """``Name: value`` with non-ASCII values as RFC 2047 encoded words, folded at 78."""
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}: " + Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def address_line(name: str, display: str, address: str) -> str:
    """An address header with an (Arabic) display name encoded as RFC 2047 requires."""
    return f"{name}: {formataddr((display, address), charset='utf-8')}"


def _part(subtype: str, body: str) -> bytes:
    encoded = base64.encodebytes(body.encode("utf-8")).replace(b"\n", b"\r\n")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode("ascii") + encoded


def compose(header_lines: list[str], text: str, html: str) -> bytes:
    """A multipart/alternative message: the plain-text part first, HTML preferred by clients."""
    boundary = f"==naql-{secrets.token_hex(12)}=="
    head = "\r\n".join([
        *header_lines,
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ])
    sep = f"--{boundary}\r\n".encode("ascii")
    return b"".join([
        head.encode("ascii"), b"\r\n\r\n",
        sep, _part("plain", text), b"\r\n",
        sep, _part("html", html), b"\r\n",
        f"--{boundary}--\r\n".encode("ascii"),
    ])
