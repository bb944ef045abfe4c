"""``naql --help`` speaks Arabic under an Arabic locale and English otherwise, for every command."""

from __future__ import annotations

import argparse
import os
import re

import pytest

from naql.cli.i18n import AR, ARABIC, ENGLISH, help_language, help_texts, parsers
from naql.cli.main import build_parser
from tests.conftest import run_naql

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ENGLISH),
        ({"LANG": "ar_EG.UTF-8"}, ARABIC),
        ({"LANG": "ar"}, ARABIC),
        ({"LANG": "AR_SA.utf8"}, ARABIC),
        ({"LANG": "C.UTF-8"}, ENGLISH),
        ({"LANG": "fr_FR.UTF-8"}, ENGLISH),
        ({"LANG": "ar_EG.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, ENGLISH),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ar_JO.UTF-8"}, ARABIC),
        ({"LC_MESSAGES": "ar_JO.UTF-8", "LC_ALL": "C"}, ENGLISH),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "ar_MA.UTF-8"}, ARABIC),
        ({"LC_ALL": "", "LANG": "ar_EG.UTF-8"}, ARABIC),  # an empty variable is unset
    ],
)
def test_the_locale_picks_the_language(env: dict[str, str], expected: str) -> None:
    assert help_language(env) == expected


def test_every_command_and_argument_has_help_in_both_languages() -> None:
    english = build_parser(ENGLISH)
    for path, parser in parsers(english):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    assert choice.help, f"`naql {path} {choice.dest}` has no help text"
            else:
                assert action.help, f"`naql {path}` {action.dest} has no help text"
    untranslated = sorted({t for t in help_texts(english) if t not in AR})
    assert untranslated == [], "add these to naql.cli.i18n.AR"
    arabic = build_parser(ARABIC)
    for text in help_texts(arabic):
        assert ARABIC_LETTERS.search(text), text
    commands = [path for path, _ in parsers(english) if path]
    assert {"sources backfill", "sources set", "articles", "health", "users add"} <= set(commands)


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(values)
    return env


def test_naql_help_in_arabic_under_an_arabic_locale() -> None:
    proc = run_naql(_env(LANG="ar_EG.UTF-8"), "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("الاستخدام: naql")
    assert "نقل — محرّك عربي لتجميع الأخبار" in proc.stdout
    assert "اجلب مقالات المصدر الأقدم" not in proc.stdout  # a sub-command's own page
    assert "إدارة المصادر" in proc.stdout
    assert "الخيارات:" in proc.stdout
    sub = run_naql(_env(LC_ALL="ar_SA.UTF-8"), "sources", "backfill", "--help")
    assert "أقدم تاريخ يُجلب" in sub.stdout
    assert "--since DATE" in sub.stdout
    assert "المعاملات الموضعية:" in sub.stdout


def test_naql_help_in_english_by_default_and_under_other_locales() -> None:
    for env in (_env(), _env(LANG="C.UTF-8"), _env(LANG="ar_EG.UTF-8", LC_ALL="en_US.UTF-8")):
        proc = run_naql(env, "--help")
        assert proc.stdout.startswith("usage: naql")
        assert "manage sources" in proc.stdout
        assert not ARABIC_LETTERS.search(proc.stdout)
    sub = run_naql(_env(), "serve", "--help")
    assert "TCP port to listen on" in sub.stdout  # filled in for arguments registered bare


def test_usage_errors_still_exit_2_in_arabic() -> None:
    proc = run_naql(_env(LANG="ar"), "sources", "backfill", check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("الاستخدام: naql sources backfill")
