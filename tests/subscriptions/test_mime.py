"""The hand-made MIME serializer against the standard library's parser: 8bit parts when the
server takes 8BITMIME and the lines fit, base64 otherwise, CRLF throughout."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from naql.subscriptions.mime import MAX_LINE, compose, header_line
from naql.subscriptions.rendering import Skeleton, pack_html

TEXT = "مرحبًا\n\n• خبر عن الاقتصاد\n  https://naql.example/a\n.نقطة في أول السطر\n"
HTML = '<p dir="rtl">خبر &amp; تعليق</p>\n<div>\n<a href="https://naql.example/">نقل</a>\n</div>\n'


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _bodies(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert html is not None
    return str(plain.get_content()), str(html.get_content())


def test_eight_bit_parts_round_trip() -> None:
    data, eight_bit = compose([header_line("Subject", "نشرة نقل"), "To: a@example.com"], TEXT,
                              HTML, eight_bit=True)
    assert eight_bit
    assert b"Content-Transfer-Encoding: 8bit" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    text, html = _bodies(_parse(data))
    assert text.replace("\r\n", "\n") == TEXT
    assert "خبر &amp; تعليق" in html
    assert str(_parse(data)["Subject"]) == "نشرة نقل"


def test_base64_when_the_server_lacks_8bitmime_or_a_line_is_too_long() -> None:
    data, eight_bit = compose(["To: a@example.com"], TEXT, HTML, eight_bit=False)
    assert not eight_bit
    assert data.count(b"Content-Transfer-Encoding: base64") == 2
    long_line = "ك" * MAX_LINE  # 2 octets a letter: far past the limit
    data, eight_bit = compose(["To: a@example.com"], TEXT, long_line, eight_bit=True)
    assert eight_bit  # the text part still fits
    assert b"Content-Transfer-Encoding: base64" in data
    assert max(len(line) for line in data.split(b"\r\n")) <= MAX_LINE
    assert _bodies(_parse(data))[1].strip() == long_line


def test_packing_drops_only_breaks_between_tags() -> None:
    packed = pack_html("<table>\n<tr><td>\nنص\n</td></tr>\n</table>\n<p>أ</p>\n<p>ب</p>")
    assert packed == "<table><tr><td>\r\nنص\r\n</td></tr></table><p>أ</p><p>ب</p>"
    assert "\n" not in pack_html("<b>" * 10)


def test_a_skeleton_fills_its_slots_and_never_reads_values_as_slots() -> None:
    skeleton = Skeleton.cut("أ NAQLSLOTEMAILX ب NAQLSLOTSTORIESX ج")
    assert skeleton.parts == ("أ ", "EMAIL", " ب ", "STORIES", " ج")
    filled = skeleton.fill({"EMAIL": "NAQLSLOTSTORIESX", "STORIES": "x"})
    assert filled == "أ NAQLSLOTSTORIESX ب x ج"
    assert Skeleton.cut("no slots").fill({}) == "no slots"
