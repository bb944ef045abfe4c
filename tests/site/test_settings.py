"""The operator's site settings: edited in the Arabic admin, validated, and shown at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from naql.site.models import SiteSettings, validate_template
from tests.site.newsroom import Newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> Client:
    user = User.objects.create_superuser("operator", "op@example.com", "a-long-password-1")
    client = Client()
    client.force_login(user)
    return client


def _form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "site_name": "أخبار الخليج",
        "attribution_intro": "نقلًا عن {source}: {title}",
        "attribution_outro": "المصدر: {source_url} ({published})",
        "languages": "ar,en",
        "hijri_dates": "on",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_unknown_placeholders_are_refused_in_arabic() -> None:
    validate_template("ننقل {title} عن {source} في {site} بتاريخ {published} {source_url}")
    with pytest.raises(ValidationError) as refused, translation.override("ar"):
        validate_template("شكرًا {sorce} و{title} و{author}")
    with translation.override("ar"):
        message = " ".join(refused.value.messages)
    assert "{author}، {sorce}" in message
    assert "غير معروف" in message
    assert "{site}" in message  # says what is available


def test_admin_edits_the_one_row_and_pages_follow_at_once(
    operator: Client, newsroom: Newsroom
) -> None:
    site = Client()
    article = reverse("site:article", args=[newsroom.first.pk])
    assert "ونشكر المصدر الأصلي جريدة النص" in site.get(article).content.decode()  # cached now
    listing = operator.get(reverse("admin:site_sitesettings_changelist"))
    assert listing.status_code == 302
    change = listing["Location"]
    form = operator.get(change)
    assert form.status_code == 200
    page = form.content.decode()
    assert "اسم الموقع" in page
    assert "ننقل لكم في موقع {site}" in page  # the environment's wording is the default
    saved = operator.post(change, _form())
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert SiteSettings.objects.count() == 1
    html = site.get(article).content.decode()
    assert "أخبار الخليج" in html
    assert "نقلًا عن جريدة النص: " + newsroom.first.title in html
    assert "هـ" in html  # Hijri dates on
    assert "أخبار الخليج" in site.get(reverse("site:feed", args=["rss"])).content.decode()


def test_admin_shows_the_arabic_error_for_a_bad_template(operator: Client) -> None:
    change = operator.get(reverse("admin:site_sitesettings_changelist"))["Location"]
    refused = operator.post(change, _form(attribution_outro="شكرًا {sorce}"))
    assert refused.status_code == 200
    assert "العنصر {sorce} غير معروف في القالب" in refused.content.decode()
    assert SiteSettings.objects.get().attribution_outro != "شكرًا {sorce}"


def test_settings_cannot_be_added_twice_or_deleted(operator: Client) -> None:
    assert operator.get(reverse("admin:site_sitesettings_add")).status_code == 403
    row = SiteSettings.objects.create()
    assert operator.get(reverse("admin:site_sitesettings_delete", args=[row.pk])).status_code in (
        302, 403,
    )  # fmt: skip
    assert SiteSettings.objects.count() == 1
