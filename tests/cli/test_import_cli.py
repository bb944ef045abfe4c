"""``naql import``: extracted articles in, through dedupe and publish; bad lines named by number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_naql

BODY = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.\n\n"
    "وقال الوزير إن المستشفى سيخدم أكثر من نصف مليون نسمة في المنطقة والمناطق المجاورة."
)


@pytest.mark.postgres
def test_import_reports_bad_lines_by_number_and_imports_the_rest(
    tmp_path: Path, naql_env: dict[str, str]
) -> None:
    good = {"url": "https://a.example/1", "source": "a-news", "title": "مستشفى جديد", "body": BODY,
            "published": "2018-03-01T10:00:00+03:00", "section": "صحة"}
    copy = {**good, "url": "https://b.example/9?utm_source=x", "source": "b-news",
            "published": "2018-03-01T12:00:00+03:00"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"url": "https://c.example/2", "source": "c"}),
        json.dumps(copy, ensure_ascii=False),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_naql(naql_env, "import", str(f), check=False)
    assert proc.returncode == 1
    assert "line 2" in proc.stderr
    assert "line 3" in proc.stderr
    assert "missing field(s): title, body" in proc.stderr
    articles = json.loads(run_naql(naql_env, "articles", "--json").stdout)
    by_url = {a["url"]: a for a in articles}
    assert set(by_url) == {"https://a.example/1", "https://b.example/9"}
    # The later copy of the same body points at the earlier original.
    assert by_url["https://b.example/9"]["duplicate_of"] == "https://a.example/1"
    assert by_url["https://a.example/1"]["duplicate_of"] is None
    # Importing again stores nothing new.
    f.write_text(lines[0] + "\n", encoding="utf-8")
    proc = run_naql(naql_env, "import", str(f))
    assert "imported 0 articles, 1 already known" in proc.stderr


def test_import_of_a_missing_file_exits_1(naql_env: dict[str, str], tmp_path: Path) -> None:
    proc = run_naql(naql_env, "import", str(tmp_path / "none.jsonl"), check=False)
    assert proc.returncode == 1
    assert "no such file" in proc.stderr
