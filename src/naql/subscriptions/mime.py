"""Serializing one email to the bytes SMTP carries, fast enough for 10,000 a minute.

Why not ``EmailMessage.as_bytes()``: profiling a 500-message run put 60% of the sender's CPU in
the email package's header folding and generator, redone for every reader although only a few
headers differ between them. Here the headers shared by an edition (From, Subject) are encoded
once, and each message is a handful of ASCII header lines plus two parts. The output is
checked by parsing it back with the standard library in the tests.

The parts travel as UTF-8 ("8bit") when the server announced 8BITMIME (RFC 6152, which every
current MTA does) and no line is longer than SMTP's 998 octets, as Django's own mail does; base64
otherwise. 8bit is a quarter smaller than base64 for Arabic and has a fifth of the lines: the
receiving server's work grows with both (measured with aiosmtpd: ~0.9 ms per message plus ~3 us
per line).
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
    eight_bit: bool = False  # a part is 8bit: send with BODY=8BITMIME


def header_line(name: str, value: str) -> str:
    """``Name: value`` with non-ASCII values as RFC 2047 encoded words, folded at 78."""
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}: " + Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def address_line(name: str, display: str, address: str) -> str:
    """An address header with an (Arabic) display name encoded as RFC 2047 requires."""
    return f"{name}: {formataddr((display, address), charset='utf-8')}"


MAX_LINE = 998  # octets, without CRLF (RFC 5321 4.5.3.1.6)


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


def _part(subtype: str, body: str, eight_bit: bool) -> tuple[bytes, bool]:
    """One text part and whether it went as 8bit."""
    if eight_bit:
        data = body.encode("utf-8")
        crlf = data.count(b"\r\n")
        if data.count(b"\n") != crlf or data.count(b"\r") != crlf:  # not CRLF throughout
            data = _crlf(data)
        if max(map(len, data.split(b"\r\n"))) <= MAX_LINE:
            if not data.endswith(b"\r\n"):
                data += b"\r\n"
            return (
                f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: 8bit\r\n\r\n"
            ).encode("ascii") + data, True
    encoded = base64.encodebytes(body.encode("utf-8")).replace(b"\n", b"\r\n")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode("ascii") + encoded, False


def compose(header_lines: list[str], text: str, html: str, *,
            eight_bit: bool = False) -> tuple[bytes, bool]:
    """A multipart/alternative message: the plain-text part first, HTML preferred by clients.
    ``eight_bit``: the server takes 8BITMIME. Returns the bytes and whether any part is 8bit."""
    boundary = f"==naql-{secrets.token_hex(12)}=="
    head = "\r\n".join([
        *header_lines,
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ])
    sep = f"--{boundary}\r\n".encode("ascii")
    plain, plain_8bit = _part("plain", text, eight_bit)
    rich, rich_8bit = _part("html", html, eight_bit)
    return b"".join([
        head.encode("ascii"), b"\r\n\r\n",
        sep, plain, b"\r\n",
        sep, rich, b"\r\n",
        f"--{boundary}--\r\n".encode("ascii"),
    ]), plain_8bit or rich_8bit
