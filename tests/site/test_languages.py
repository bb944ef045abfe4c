"""Arabic by default, English on request: ``?lang=en`` (remembered), the cookie, and the
browser's Accept-Language when the operator enables it; only enabled languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from naql.site.models import Languages, SiteSettings
from tests.site.newsroom import Newsroom

pytestmark = pytest.mark.django_db


def _html(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_arabic_is_the_default(client: Client, newsroom: Newsroom) -> None:
    html = _html(client, "/", accept_language="en-US,en;q=0.9")  # browser language is off
    assert '<html lang="ar" dir="rtl">' in html
    assert "آخر الأخبار" in html
    assert f'hreflang="en" href="{settings.NAQL_BASE_URL}/?lang=en"' in html
    assert 'href="?lang=en" hreflang="en" lang="en"' in html  # the switch


def test_lang_en_gives_english_left_to_right_and_is_remembered(
    client: Client, newsroom: Newsroom
) -> None:
    response = client.get("/?lang=en")
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Latest news" in html
    assert "آخر الأخبار" not in html
    assert response["Content-Language"] == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    article = _html(client, reverse("site:article", args=[newsroom.first.pk]))  # the cookie
    assert '<html lang="en" dir="ltr">' in article
    assert "Also published by" in article
    assert 'class="article" lang="ar" dir="rtl"' in article  # the article stays Arabic
    assert "Original source: جريدة النص" in article
    # the Arabic visitor's cached page is untouched
    assert '<html lang="ar" dir="rtl">' in _html(Client(), "/")
    back = _html(client, "/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in back


def test_english_dates_counts_and_404(client: Client, newsroom: Newsroom) -> None:
    home = _html(client, "/?lang=en")
    assert "3 outlets" in home
    assert "hours ago" in home
    story = _html(client, reverse("site:story", args=[newsroom.story.pk]))
    assert "Full coverage: 4 articles from 3 outlets." in story
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404
    assert "We could not find this page" in missing.content.decode()


def test_accept_language_when_the_operator_enables_it(newsroom: Newsroom) -> None:
    SiteSettings.objects.create(browser_language=True)
    assert '<html lang="en"' in _html(Client(), "/", accept_language="en-GB,en;q=0.9")
    assert '<html lang="ar"' in _html(Client(), "/", accept_language="ar,en;q=0.5")
    assert '<html lang="ar"' in _html(Client(), "/", accept_language="fr-FR")


def test_only_enabled_languages(client: Client, newsroom: Newsroom) -> None:
    SiteSettings.objects.create(languages=Languages.ARABIC, browser_language=True)
    html = _html(client, "/?lang=en", accept_language="en")
    assert '<html lang="ar" dir="rtl">' in html
    assert "hreflang" not in html
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
