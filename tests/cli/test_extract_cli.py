"""``naql extract``: the JSON contract, and clear failures on bad input (real subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_naql

FIELDS = {
    "path", "url", "title", "author", "published", "updated", "image", "section", "lang",
    "text", "html", "captions", "original_source", "original_url",
}
PAGE = """<!doctype html><html lang="ar"><head><meta charset="utf-8">
<title>وزير الخارجية يزور طوكيو | موقع الأخبار</title>
<meta property="og:title" content="وزير الخارجية يزور طوكيو">
<meta property="article:published_time" content="2018-03-12T10:00:00+03:00"></head>
<body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav><article><h1>وزير الخارجية يزور طوكيو</h1>
<p>وصل وزير الخارجية إلى العاصمة اليابانية طوكيو صباح اليوم في زيارة رسمية تستمر ثلاثة أيام يبحث خلالها العلاقات الثنائية.</p>
<p>وقال المتحدث باسم الوزارة إن الزيارة تتناول التعاون الاقتصادي والتجاري وملفات المنطقة، إضافة إلى التحضير لاجتماع وزراء مجموعة السبع.</p>
<p>ومن المقرر أن يلتقي الوزير نظيره الياباني ورئيس الوزراء قبل أن يغادر إلى سيول في المحطة الثانية من جولته الآسيوية.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_extract_one_file_prints_the_contract_fields(tmp_path: Path, naql_env: dict[str, str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    proc = run_naql(naql_env, "extract", str(page), "--url", "https://news.example/a/1", "--json")
    doc = json.loads(proc.stdout)
    assert set(doc) == FIELDS
    assert doc["title"] == "وزير الخارجية يزور طوكيو"
    assert doc["url"] == "https://news.example/a/1"
    assert doc["published"].startswith("2018-03-12T10:00:00")
    assert doc["text"].count("\n\n") == 2
    assert "جميع الحقوق" not in doc["text"]


def test_extract_several_inputs_prints_json_lines_and_goes_on_after_a_failure(
    tmp_path: Path, naql_env: dict[str, str]
) -> None:
    good = tmp_path / "good.html"
    good.write_text(PAGE, encoding="utf-8")
    proc = run_naql(naql_env, "extract", str(good), str(tmp_path / "missing.html"), str(good), "--json")
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x["path"] for x in lines] == [str(good), str(tmp_path / "missing.html"), str(good)]
    assert "error" in lines[1]
    assert "no such file" in lines[1]["error"]
    assert lines[0]["title"] == lines[2]["title"]


def test_extract_missing_empty_and_non_html_files_exit_1_with_a_clear_message(
    tmp_path: Path, naql_env: dict[str, str]
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    cases = {
        str(tmp_path / "nope.html"): "no such file",
        str(empty): "empty",
        str(binary): "not extracted",
    }
    for path, words in cases.items():
        proc = run_naql(naql_env, "extract", path, "--json", check=False)
        assert proc.returncode == 1, (path, proc.stderr)
        assert words in proc.stderr, proc.stderr
        assert path in proc.stderr
        assert "Traceback" not in proc.stderr


def test_bad_usage_exits_2(naql_env: dict[str, str]) -> None:
    proc = run_naql(naql_env, "extract", check=False)
    assert proc.returncode == 2
    proc = run_naql(naql_env, "no-such-command", check=False)
    assert proc.returncode == 2
