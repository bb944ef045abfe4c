"""``naql search --json`` over imported articles, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_naql

ARTICLES = [
    {"url": "https://a.example/quake", "source": "a", "title": "زلزال بقوة ٦ درجات يضرب جنوب تركيا",
     "body": "ضرب زلزال بقوة ست درجات على مقياس ريختر جنوب تركيا فجر اليوم، ولم ترد أنباء عن ضحايا.\n\n"
             "وقالت هيئة الكوارث إن فرق الإنقاذ توجهت إلى المناطق المتضررة.",
     "published": "2018-03-01T10:00:00+00:00"},
    {"url": "https://b.example/match", "source": "b", "title": "الهلال يفوز على النصر في الدوري",
     "body": "فاز فريق الهلال على النصر بهدفين مقابل هدف في مباراة الدوري السعودي مساء أمس.\n\n"
             "وسجل الأهداف لاعبو الفريقين في الشوط الثاني من المباراة.",
     "published": "2018-03-02T10:00:00+00:00"},
]


@pytest.mark.postgres
def test_search_finds_an_article_by_a_word_written_differently(
    tmp_path: Path, naql_env: dict[str, str]
) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    run_naql(naql_env, "import", str(f))
    # "والزلزال" with a prefix and the article, no hamza trouble: the analyzer must fold it.
    hits = json.loads(run_naql(naql_env, "search", "والزلزال", "--json").stdout)
    assert [h["url"] for h in hits] == ["https://a.example/quake"]
    assert set(hits[0]) == {"url", "title", "source", "published", "score", "snippet"}
    assert "<mark>" in hits[0]["snippet"]
    hits = json.loads(run_naql(naql_env, "search", "الهلال", "--json", "--limit", "5").stdout)
    assert hits
    assert hits[0]["url"] == "https://b.example/match"
    assert json.loads(run_naql(naql_env, "search", "كلمةغيرموجودة", "--json").stdout) == []
