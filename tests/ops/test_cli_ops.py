"""The operator's commands, run as the real ``naql`` process: JSON on stdout, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NAQL, run_naql

BODY = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.\n\n"
    "وقال الوزير إن المستشفى سيخدم أكثر من نصف مليون نسمة في المنطقة والمناطق المجاورة."
)
OTHER = (
    "فاز المنتخب الوطني لكرة القدم على منافسه بثلاثة أهداف مقابل هدف في المباراة النهائية.\n\n"
    "وسجل المهاجم هدفين في الشوط الثاني وسط حضور جماهيري كبير في الملعب الرئيسي للعاصمة."
)


def _json(env: dict[str, str], *args: str) -> Any:
    return json.loads(run_naql(env, *args, "--json").stdout)


def _load(env: dict[str, str], tmp_path: Path) -> None:
    rows = [
        {"url": "https://a.example/1", "source": "a-news", "title": "مستشفى جديد", "body": BODY,
         "published": "2018-03-01T10:00:00+03:00"},
        {"url": "https://b.example/2", "source": "b-news", "title": "فوز المنتخب", "body": OTHER,
         "published": "2018-03-01T12:00:00+03:00"},
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    run_naql(env, "import", str(f))


@pytest.mark.postgres
def test_articles_hide_and_unhide(naql_env: dict[str, str], tmp_path: Path) -> None:
    _load(naql_env, tmp_path)
    doc = _json(naql_env, "articles", "hide", "https://a.example/1")
    assert doc["changed"] == 1
    assert doc["articles"][0]["hidden"] is True
    assert doc["articles"][0]["url"] == "https://a.example/1"
    article_id = str(doc["articles"][0]["id"])
    assert _json(naql_env, "articles", "hide", article_id)["changed"] == 0  # already hidden
    assert _json(naql_env, "articles", "unhide", article_id)["changed"] == 1
    # Listing still works alongside the new actions.
    assert {a["url"] for a in _json(naql_env, "articles")} == {
        "https://a.example/1", "https://b.example/2"}
    missing = run_naql(naql_env, "articles", "hide", "999999", check=False)
    assert missing.returncode == 1
    assert "no such article" in missing.stderr
    bad = run_naql(naql_env, "articles", "hide", "not-a-url", check=False)
    assert bad.returncode == 1
    assert "give an article id" in bad.stderr
    assert run_naql(naql_env, "articles", "hide", check=False).returncode == 2


@pytest.mark.postgres
def test_stories_merge_and_split(naql_env: dict[str, str], tmp_path: Path) -> None:
    _load(naql_env, tmp_path)
    stories = _json(naql_env, "stories")
    assert len(stories) == 2
    a, b = (s["id"] for s in stories)
    merged = _json(naql_env, "stories", "merge", str(a), str(b))
    assert merged["id"] == a
    assert {x["url"] for x in merged["articles"]} == {"https://a.example/1", "https://b.example/2"}
    assert [s["id"] for s in _json(naql_env, "stories")] == [a]
    gone = run_naql(naql_env, "stories", "merge", str(a), str(b), check=False)
    assert gone.returncode == 1
    assert f"no such story: {b}" in gone.stderr
    split = _json(naql_env, "stories", "split", str(a), "https://b.example/2")
    assert split["id"] != a
    assert [x["url"] for x in split["articles"]] == ["https://b.example/2"]
    assert len(_json(naql_env, "stories")) == 2
    assert run_naql(naql_env, "stories", "merge", "x", "y", check=False).returncode == 2


@pytest.mark.postgres
def test_sources_pause_resume_and_health(naql_env: dict[str, str], tmp_path: Path) -> None:
    _load(naql_env, tmp_path)
    slugs = sorted(s["slug"] for s in _json(naql_env, "sources", "list"))
    assert len(slugs) == 2
    doc = _json(naql_env, "sources", "pause", slugs[0])
    assert doc == {"sources": [slugs[0]], "enabled": False, "changed": 1}
    listed = {s["slug"]: s["enabled"] for s in _json(naql_env, "sources", "list")}
    assert listed == {slugs[0]: False, slugs[1]: True}
    health = _json(naql_env, "health")
    assert health["ok"] is True
    assert health["database"] == "ok"
    assert set(health["queue"]) == {"poll", "extract", "publish"}
    status = {s["slug"]: s["status"] for s in health["sources"]}
    assert status[slugs[0]] == "paused"
    assert status[slugs[1]] != "paused"
    assert all(len(s["daily"]) == 30 for s in health["sources"])
    assert sum(s["articles_30d"] for s in health["sources"]) == 2
    assert _json(naql_env, "sources", "resume", slugs[0])["changed"] == 1
    missing = run_naql(naql_env, "sources", "pause", "no-such-source", check=False)
    assert missing.returncode == 1
    assert "no such source: no-such-source" in missing.stderr
    assert run_naql(naql_env, "sources", "pause", check=False).returncode == 2


def _with_stdin(env: dict[str, str], stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NAQL, *args], env=env, input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.postgres
def test_users_roles_and_createadmin(naql_env: dict[str, str]) -> None:
    roles = _json(naql_env, "users", "roles")
    assert "news.change_article" in roles["editor"]
    assert "sources.change_source" not in roles["editor"]
    assert "news.delete_article" not in roles["editor"]
    assert {"sources.change_source", "auth.change_user"} <= set(roles["admin"])
    added = _json(naql_env, "users", "add", "layla", "--role", "editor")
    assert added["role"] == "editor"
    assert len(added["password"]) >= 12
    again = run_naql(naql_env, "users", "add", "layla", "--role", "editor", check=False)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    bad_role = run_naql(naql_env, "users", "add", "x", "--role", "boss", check=False)
    assert bad_role.returncode == 2
    root = _with_stdin(naql_env, "a-long-password\n", "createadmin", "root", "--password-stdin",
                       "--json")
    assert root.returncode == 0, root.stderr
    assert json.loads(root.stdout) == {"username": "root", "role": "admin", "superuser": True}
    short = _with_stdin(naql_env, "short\n", "createadmin", "root2", "--password-stdin")
    assert short.returncode == 1
    assert "at least 8 characters" in short.stderr
    users = {u["username"]: u for u in _json(naql_env, "users", "list")}
    assert users["layla"]["role"] == "editor"
    assert users["root"]["role"] == "admin"
    assert users["root"]["superuser"] is True
    assert "root2" not in users


def test_settings_shows_every_documented_setting_with_secrets_masked(
    naql_env: dict[str, str],
) -> None:
    from naql.settings import SETTINGS_HELP

    env = {**naql_env, "NAQL_SMTP_URL": "smtps://mailer:s3cret-pw@mail.example:465",
           "NAQL_SITE_NAME": "أخبار اليوم"}
    proc = run_naql(env, "settings", "--json")
    rows = {r["name"]: r for r in json.loads(proc.stdout)}
    assert set(rows) == set(SETTINGS_HELP)
    assert rows["NAQL_SITE_NAME"]["value"] == "أخبار اليوم"
    assert rows["NAQL_SMTP_URL"]["value"] == "smtps://mailer:********@mail.example:465"
    assert rows["NAQL_SECRET_KEY"]["value"] == "********"
    assert "s3cret-pw" not in proc.stdout
    assert env["NAQL_SECRET_KEY"] not in proc.stdout
    assert rows["NAQL_HOME"]["value"] == env["NAQL_HOME"]
    assert all(r["help"] for r in rows.values())


def test_health_exits_1_when_the_database_is_unreachable(naql_env: dict[str, str]) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**naql_env, "DATABASE_URL": f"postgres://naql@127.0.0.1:{port}/naql"}
    proc = run_naql(env, "health", "--json", check=False)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["ok"] is False
    assert doc["database"] == "unreachable"
    assert "OperationalError" in doc["error"]
    assert "sources" not in doc


@pytest.mark.postgres
def test_articles_json_says_which_are_hidden_and_filters_them(
    naql_env: dict[str, str], tmp_path: Path
) -> None:
    _load(naql_env, tmp_path)
    listed = {a["url"]: a for a in _json(naql_env, "articles")}
    assert {a["hidden"] for a in listed.values()} == {False}
    _json(naql_env, "articles", "hide", "https://a.example/1")
    listed = {a["url"]: a["hidden"] for a in _json(naql_env, "articles")}
    assert listed == {"https://a.example/1": True, "https://b.example/2": False}
    assert [a["url"] for a in _json(naql_env, "articles", "--hidden")] == ["https://a.example/1"]
    assert [a["url"] for a in _json(naql_env, "articles", "--visible")] == ["https://b.example/2"]
    text = run_naql(naql_env, "articles", "--hidden").stderr
    assert "مستشفى جديد" in text
    assert "فوز المنتخب" not in text
    both = run_naql(naql_env, "articles", "--hidden", "--visible", check=False)
    assert both.returncode == 2
    assert "not allowed with" in both.stderr
