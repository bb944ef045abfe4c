"""Per-source HTTP settings (User-Agent, cookies) and extraction rules: refused with a clear
Arabic message when unusable, and used when fetching and extracting the source's pages."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from naql.demo.newsroom import Newsroom, load_sample
from naql.sources.fetching import (
    cookie_header,
    extract_options,
    options_for,
    parse_site_rules,
    request_headers,
)
from naql.sources.models import Source
from tests.conftest import run_naql

RULES = {"body": "div.texte", "remove": ["div.texte > p:first-child"], "title": "h1"}


def _form(source: Source, **changes: Any) -> dict[str, Any]:
    endpoint = source.endpoints.get()
    data: dict[str, Any] = {
        "name": source.name, "slug": source.slug, "homepage": source.homepage,
        "description": "", "policy": source.policy, "section": "", "noindex": "",
        "attribution_intro": "", "attribution_outro": "", "enabled": "on",
        "poll_interval": "900", "user_agent": "", "cookies": "", "extraction_rules": "{}",
        "endpoints-TOTAL_FORMS": "1", "endpoints-INITIAL_FORMS": "1",
        "endpoints-MIN_NUM_FORMS": "0", "endpoints-MAX_NUM_FORMS": "1000",
        "endpoints-0-id": str(endpoint.pk), "endpoints-0-source": str(source.pk),
        "endpoints-0-url": endpoint.url, "endpoints-0-kind": endpoint.kind,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("extraction_rules", '["article"]', "قواعد الاستخراج كائن JSON بين قوسين معقوفين"),
        ("extraction_rules", '{"title": "h1"}', "المفتاح «body» إلزامي"),
        ("extraction_rules", '{"body": "article", "colour": "red"}', "مفاتيح غير معروفة: colour"),
        ("extraction_rules", '{"body": "div..x"}', "«div..x» في «body» ليس محدد CSS صالحًا"),
        ("extraction_rules", '{"body": "p", "remove": {"a": 1}}', "قيمة «remove» قائمة محددات"),
        ("cookies", "consent=yes\nX-Injected: 1", "«X-Injected: 1» ليس بصيغة name=value"),
        ("cookies", "name=قيمة", "قيمة «name» فيها محارف لا تصلح في ترويسة Cookie"),
        ("user_agent", "زاحف نقل", "معرّف الزاحف سطر واحد بمحارف لاتينية"),
    ],
)
def test_the_admin_refuses_unusable_settings_in_arabic(
    admin_client_role: Client, make_source: Callable[..., Source],
    field: str, value: str, message: str,
) -> None:
    source = make_source("alpha")
    url = reverse("admin:sources_source_change", args=[source.pk])
    response = admin_client_role.post(url, _form(source, **{field: value}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    source.refresh_from_db()
    assert (source.user_agent, source.cookies, source.extraction_rules) == ("", "", {})


@pytest.mark.django_db
def test_the_admin_saves_usable_settings(
    admin_client_role: Client, make_source: Callable[..., Source]
) -> None:
    source = make_source("alpha")
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = admin_client_role.get(url).content.decode()
    assert "الجلب والاستخراج" in page
    assert "متوسط زمن الجلب" in page
    response = admin_client_role.post(url, _form(
        source, user_agent="naql-test/1.0 (+https://example.org/bot)",
        cookies="consent=yes; region=ar", extraction_rules=json.dumps(RULES),
    ))
    assert response.status_code == 302, response.content.decode()[:2000]
    source.refresh_from_db()
    assert source.user_agent == "naql-test/1.0 (+https://example.org/bot)"
    assert source.extraction_rules == RULES
    assert request_headers(source) == {
        "User-Agent": "naql-test/1.0 (+https://example.org/bot)",
        "Cookie": "consent=yes; region=ar",
    }
    options = extract_options(source)
    assert options.site_rules is not None
    assert options.site_rules.body == "div.texte"
    assert options.site_rules.remove == ("div.texte > p:first-child",)
    cache: dict[int, Any] = {}
    assert options_for(cache, source) is options_for(cache, source)


def test_rules_and_cookies_parse_as_the_fetcher_and_extractor_need() -> None:
    assert parse_site_rules({}) is None
    assert parse_site_rules(None) is None
    rules = parse_site_rules({"body": " article ", "remove": ".share", "author": ".by"})
    assert rules is not None
    assert (rules.body, rules.remove, rules.author) == ("article", (".share",), ".by")
    assert cookie_header("a=1;b=2\n c = 3 ;;") == "a=1; b=2; c=3"
    assert cookie_header("  ") == ""
    with pytest.raises(ValidationError):
        cookie_header("a=1\r\nHost: evil.example")


def test_the_messages_have_their_english() -> None:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            parse_site_rules({"title": "h1"})
        assert caught.value.messages == [
            "“body” is required: the CSS selector of the article text's container, such as "
            "\"article .content\"."
        ]
        with pytest.raises(ValidationError) as caught:
            cookie_header("broken")
        assert caught.value.messages == ["“broken” is not name=value; separate cookies with "
                                         "semicolons."]


def _locale(env: dict[str, str], lang: str) -> dict[str, str]:
    out = {k: v for k, v in env.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    return {**out, "LANG": lang}


@pytest.mark.postgres
def test_the_dry_run_fetches_with_the_sources_user_agent_and_extracts_by_its_rules(
    naql_env: dict[str, str],
) -> None:
    agent = "RulesBot/2.0 (+https://example.org/bot)"
    with Newsroom(articles=load_sample()[:12]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        bodies = {p.article.title: p.article.body.split("\n\n") for p in room.pages
                  if p.outlet == outlet.slug}
        firsts = {title: paragraphs[0] for title, paragraphs in bodies.items()}
        slug = json.loads(run_naql(naql_env, "sources", "add", outlet.feed_url,
                                   "--json").stdout)["slug"]
        plain = json.loads(run_naql(naql_env, "sources", "check", slug, "--json").stdout)
        for article in plain["articles"]:
            assert article["excerpt"][:30] == firsts[article["title"]][:30]
        room.requests.clear()
        done = json.loads(run_naql(
            naql_env, "sources", "set", slug, "--user-agent", agent,
            "--cookies", "consent=yes", "--rules", json.dumps(RULES), "--json",
        ).stdout)
        assert done["user_agent"] == agent
        assert done["has_cookies"] is True
        assert done["extraction_rules"] == RULES
        ruled = json.loads(run_naql(naql_env, "sources", "check", slug, "--sample", "12",
                                    "--json").stdout)
        agents = {r.user_agent for r in room.requests.for_outlet(outlet.slug)}
    assert ruled["ok"] is True
    assert len(ruled["articles"]) == 12
    # Where the rest of the body is long enough to stand alone (else extraction rightly falls
    # back to reading the whole page), the rule removed the first paragraph.
    long_enough = [a for a in ruled["articles"]
                   if len(" ".join(bodies[a["title"]][1:])) > 400]
    assert len(long_enough) >= 3
    for article in long_enough:
        assert firsts[article["title"]][:30] not in article["excerpt"]
        assert article["excerpt"][:30] == bodies[article["title"]][1][:30]
    assert agents == {agent}


@pytest.mark.postgres
def test_naql_sources_set_refuses_bad_values_in_the_terminals_language(
    naql_env: dict[str, str],
) -> None:
    with Newsroom(articles=load_sample()[:3]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        slug = json.loads(run_naql(naql_env, "sources", "add", outlet.feed_url,
                                   "--json").stdout)["slug"]
    english = run_naql(_locale(naql_env, "C.UTF-8"), "sources", "set", slug, "--rules",
                       '{"title": "h1"}', check=False)
    assert english.returncode == 1
    assert "--rules: “body” is required" in english.stderr
    arabic = run_naql(_locale(naql_env, "ar_EG.UTF-8"), "sources", "set", slug, "--rules",
                      '{"title": "h1"}', check=False)
    assert arabic.returncode == 1
    assert "--rules: المفتاح «body» إلزامي" in arabic.stderr
    not_json = run_naql(naql_env, "sources", "set", slug, "--rules", "{body:", check=False)
    assert not_json.returncode == 1
    assert "--rules is not valid JSON" in not_json.stderr
    agent = run_naql(naql_env, "sources", "set", slug, "--user-agent", "a\tb", check=False)
    assert agent.returncode == 1
    assert "--user-agent:" in agent.stderr
    nothing = run_naql(naql_env, "sources", "set", slug, check=False)
    assert nothing.returncode == 1
    assert "nothing to change" in nothing.stderr
    assert run_naql(naql_env, "sources", "set", check=False).returncode == 2
    rules_file = os.path.join(naql_env["NAQL_HOME"], "rules.json")
    with open(rules_file, "w", encoding="utf-8") as f:
        json.dump({"body": "article"}, f)
    listed = json.loads(run_naql(naql_env, "sources", "set", slug, "--rules", "@" + rules_file,
                                 "--json").stdout)
    assert listed["extraction_rules"] == {"body": "article"}
    cleared = json.loads(run_naql(naql_env, "sources", "set", slug, "--rules", "",
                                  "--json").stdout)
    assert cleared["extraction_rules"] is None


@pytest.mark.postgres
def test_the_extract_stage_reads_pages_by_the_sources_rules(naql_env: dict[str, str]) -> None:
    with Newsroom(articles=load_sample()[:12]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        bodies = {p.article.title: p.article.body.split("\n\n") for p in room.pages
                  if p.outlet == outlet.slug}
        slug = json.loads(run_naql(naql_env, "sources", "add", outlet.feed_url,
                                   "--json").stdout)["slug"]
        run_naql(naql_env, "sources", "set", slug, "--rules", json.dumps(RULES))
        run_naql(naql_env, "ingest", "--once")
    stored = json.loads(run_naql(naql_env, "articles", "--with-body", "--json").stdout)
    assert len(stored) == 12
    long_enough = [a for a in stored if len(" ".join(bodies[a["title"]][1:])) > 400]
    assert len(long_enough) >= 3
    for article in long_enough:
        paragraphs = bodies[article["title"]]
        assert paragraphs[0][:30] not in article["body"]
        assert article["body"].startswith(paragraphs[1][:30])


@pytest.mark.postgres
def test_the_pipeline_sends_the_sources_user_agent_and_cookies_and_times_its_fetches(
    naql_env: dict[str, str],
) -> None:
    agent = "naql-source-test/2.0 (+https://example.org/bot)"
    with Newsroom(articles=load_sample()[:12]) as room:
        outlet = room.outlet("jawharafm")
        assert outlet.feed_url is not None
        slug = json.loads(run_naql(naql_env, "sources", "add", outlet.feed_url,
                                   "--json").stdout)["slug"]
        run_naql(naql_env, "sources", "set", slug, "--user-agent", agent,
                 "--cookies", "consent=yes; lang=ar")
        room.requests.clear()
        run_naql(naql_env, "ingest", "--once")
        seen = [r for r in room.requests.for_outlet(outlet.slug) if r.path != "/robots.txt"]
    assert len(seen) >= 13  # the feed and its twelve articles
    assert {r.user_agent for r in seen} == {agent}
    assert {r.cookie for r in seen} == {"consent=yes; lang=ar"}
    sources = json.loads(run_naql(naql_env, "health", "--json").stdout)["sources"]
    (health,) = [s for s in sources if s["slug"] == slug]
    assert health["mean_fetch_ms"] is not None
