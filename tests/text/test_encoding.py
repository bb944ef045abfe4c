"""Charset detection on Arabic documents: legacy charsets, wrong labels, no labels —
decoded directly and as served over real HTTP."""

from __future__ import annotations

import pytest

from naql.fetch import Fetcher, FetchPolicy
from naql.text.encoding import declared_charset, decode_document, detect_charset
from tests.fetch.faultserver import FaultServer, Reply

TEXT = (
    "<html><head><title>أخبار</title></head><body><p>هكذا تحالفت أحلام وإليسا ضد عاصي وحماقي "
    "في برنامج ذا فويس، وقال وزير الخارجية إن الاجتماع المقبل سيعقد في الرياض يوم الأحد."
    "</p><p>ــ كتب: محمد الكعبي</p></body></html>"
)


@pytest.mark.parametrize(
    ("codec", "content_type"),
    [
        ("utf-8", "text/html; charset=utf-8"),
        ("utf-8", "text/html; charset=windows-1256"),  # UTF-8 labelled legacy
        ("utf-8", None),
        ("cp1256", "text/html; charset=utf-8"),  # legacy labelled UTF-8
        ("cp1256", "text/html; charset=windows-1256"),
        ("cp1256", None),
        ("cp1256", "text/html; charset=iso-8859-1"),  # Apache's old default label
        ("iso8859_6", "text/html; charset=iso-8859-6"),
        ("iso8859_6", "text/html; charset=windows-1256"),
        ("iso8859_6", None),
        ("utf-8-sig", "text/html; charset=windows-1256"),  # a BOM beats the label
        ("utf-16", None),
    ],
)
def test_arabic_text_survives_every_label(codec: str, content_type: str | None) -> None:
    assert decode_document(TEXT.encode(codec), content_type) == TEXT


def test_meta_and_xml_declarations_are_read() -> None:
    assert declared_charset(b'<meta charset="windows-1256">') == "windows-1256"
    assert declared_charset(b"<?xml version='1.0' encoding='ISO-8859-6'?><rss/>") == "iso-8859-6"
    assert declared_charset(b"<p>", "text/html; charset=UTF-8") == "utf-8"
    assert declared_charset(b"<p>") is None
    page = TEXT.replace("<head>", '<head><meta charset="windows-1256">')
    assert decode_document(page.encode("cp1256")) == page


def test_latin_pages_keep_their_declared_charset() -> None:
    french = "<p>Le café de la gare ferme à midi; réouverture prévue après les fêtes.</p>"
    assert decode_document(french.encode("latin-1"), "text/html; charset=iso-8859-1") == french
    assert detect_charset(french.encode("latin-1"), "text/html; charset=iso-8859-1") == "iso8859-1"


def test_garbage_never_raises() -> None:
    for junk in (b"", b"\xff\xfe\xfd", bytes(range(256)), b"\x81\x8d\x8f\x90\x9d"):
        assert isinstance(decode_document(junk, "text/html; charset=no-such-charset"), str)


@pytest.mark.parametrize(
    ("codec", "label"),
    [("cp1256", "utf-8"), ("utf-8", "windows-1256"), ("iso8859_6", None), ("cp1256", None)],
)
def test_served_over_http(codec: str, label: str | None) -> None:
    content_type = "text/html" + (f"; charset={label}" if label else "")
    with FaultServer() as server:
        server.route(
            "/page", Reply(body=TEXT.encode(codec), headers={"Content-Type": content_type})
        )
        with Fetcher(FetchPolicy(timeout=5)) as fetcher:
            assert fetcher.get(server.url("/page")).text == TEXT
