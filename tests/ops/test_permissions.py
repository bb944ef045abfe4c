"""Who may do what in the admin: anonymous users nothing, editors articles only, CSRF always."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from naql.news.models import Article
from naql.sources.models import Source

pytestmark = pytest.mark.django_db


def _admin_pages(source: Source, article: Article) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_add"),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:news_article_changelist"),
        reverse("admin:news_article_change", args=[article.pk]),
        reverse("admin:news_story_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("ops-dashboard"),
    ]


def test_anonymous_users_reach_no_admin_page(
    client: Client, make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    source = make_source("alpha")
    article = make_article(source)
    for url in _admin_pages(source, article):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    response = client.post(reverse("ops-check-source", args=[source.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_editor_moderates_articles_but_cannot_touch_sources_or_users(
    editor_client: Client,
    make_source: Callable[..., Source],
    make_article: Callable[..., Article],
) -> None:
    source = make_source("alpha")
    article = make_article(source)
    assert editor_client.get(reverse("admin:news_article_changelist")).status_code == 200
    assert editor_client.get(
        reverse("admin:news_article_change", args=[article.pk])
    ).status_code == 200
    forbidden = [
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_add"),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("ops-dashboard"),
    ]
    for url in forbidden:
        assert editor_client.get(url).status_code == 403, url
    # A forged POST is refused too, and changes nothing.
    response = editor_client.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        {"name": "hacked", "slug": "alpha", "homepage": source.homepage, "policy": "full",
         "poll_interval": 60},
    )
    assert response.status_code == 403
    assert Source.objects.get(pk=source.pk).name == "alpha"
    assert editor_client.post(reverse("ops-check-source", args=[source.pk])).status_code == 403
    assert editor_client.post(
        reverse("admin:auth_user_add"),
        {"username": "sneaky", "password1": "x" * 12, "password2": "x" * 12},
    ).status_code == 403
    assert not User.objects.filter(username="sneaky").exists()


def test_an_editor_hides_articles_with_the_bulk_action(
    editor_client: Client,
    make_source: Callable[..., Source],
    make_article: Callable[..., Article],
) -> None:
    source = make_source("alpha")
    a, b, c = (make_article(source) for _ in range(3))
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "hide", "_selected_action": [a.pk, b.pk]},
        follow=True,
    )
    assert response.status_code == 200
    hidden = set(Article.objects.filter(hidden=True).values_list("pk", flat=True))
    assert hidden == {a.pk, b.pk}
    editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "unhide", "_selected_action": [a.pk]},
    )
    assert set(Article.objects.filter(hidden=True).values_list("pk", flat=True)) == {b.pk}
    assert not Article.objects.get(pk=c.pk).hidden


def test_an_admin_opens_every_page_and_edits_a_source(
    admin_client_role: Client,
    make_source: Callable[..., Source],
    make_article: Callable[..., Article],
) -> None:
    source = make_source("alpha")
    article = make_article(source)
    for url in [*_admin_pages(source, article), reverse("ops-add-source"),
                reverse("admin:news_entry_changelist"), reverse("admin:sources_section_add")]:
        assert admin_client_role.get(url).status_code == 200, url
    form = {
        "name": "ألفا", "slug": "alpha", "homepage": "alpha.example/", "policy": "full",
        "poll_interval": 600, "enabled": "on", "attribution_intro": "نقلًا عن {source}",
        "endpoints-TOTAL_FORMS": 1, "endpoints-INITIAL_FORMS": 1,
        "endpoints-0-id": source.endpoints.get().pk, "endpoints-0-source": source.pk,
        "endpoints-0-url": "https://alpha.example/rss", "endpoints-0-kind": "feed",
    }
    response = admin_client_role.post(
        reverse("admin:sources_source_change", args=[source.pk]), form
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source.refresh_from_db()
    assert source.name == "ألفا"
    assert source.homepage == "https://alpha.example/"
    assert source.attribution_intro == "نقلًا عن {source}"
    assert source.endpoints.get().url == "https://alpha.example/rss"


def test_an_admin_pauses_sources_and_reads_the_dashboard(
    admin_client_role: Client, make_source: Callable[..., Source]
) -> None:
    source = make_source("alpha")
    response = admin_client_role.post(
        reverse("admin:sources_source_changelist"),
        {"action": "pause", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302
    assert not Source.objects.get(pk=source.pk).enabled
    page = admin_client_role.get(reverse("ops-dashboard"))
    assert page.status_code == 200
    assert 'data-slug="alpha" data-status="paused"' in page.content.decode()


def test_csrf_is_enforced_on_admin_actions(
    make_source: Callable[..., Source], make_article: Callable[..., Article]
) -> None:
    from naql.ops.roles import NewAccount, create_account

    create_account(NewAccount("strict", "editor", password="correct-horse-battery"))
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="strict", password="correct-horse-battery")
    article = make_article(make_source("alpha"))
    url = reverse("admin:news_article_changelist")
    response = client.post(url, {"action": "hide", "_selected_action": [article.pk]})
    assert response.status_code == 403
    assert not Article.objects.get(pk=article.pk).hidden
    # The same POST with the token the page gave succeeds: the 403 was CSRF, not permissions.
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(
        url, {"action": "hide", "_selected_action": [article.pk], "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).hidden


def test_the_admin_speaks_arabic_right_to_left(admin_client_role: Client) -> None:
    page = admin_client_role.get(reverse("admin:index")).content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="ar"' in page
    assert "صحة المصادر" in page
    assert "المصادر" in page


def test_login_is_rate_limited_per_address_and_per_name() -> None:
    import time

    from naql.ops.login import PER_ADDRESS
    from naql.ops.roles import NewAccount, create_account

    create_account(NewAccount("target", "admin", password="correct-horse-battery"))
    create_account(NewAccount("other", "editor", password="correct-horse-battery"))
    # The limits count in fixed 15-minute windows: start well inside one, or the count resets
    # halfway through (a known property of fixed windows, not what this test is about).
    window = PER_ADDRESS.window.total_seconds()
    left = window - time.time() % window
    if left < 120:
        time.sleep(left + 1)
    login = reverse("admin:login")
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(10):
        response = guesser.post(login, {"username": "target", "password": f"guess-{i}"})
        assert response.status_code == 200  # the form again, with its error
    # The eleventh try is refused before the password is even checked, right or not.
    response = guesser.post(login, {"username": "target", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "محاولات دخول كثيرة" in response.content.decode()
    assert "_auth_user_id" not in guesser.session
    # The name is limited from anywhere, not only from the guesser's address.
    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    assert elsewhere.post(
        login, {"username": "target", "password": "correct-horse-battery"}
    ).status_code == 429
    # Other people log in as usual; GETs are never counted.
    assert guesser.get(login).status_code == 200
    response = elsewhere.post(login, {"username": "other", "password": "correct-horse-battery"})
    assert response.status_code == 302
