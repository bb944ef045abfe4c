"""The operator's site settings as the pages read them: one snapshot per content version.

The admin's ``SiteSettings`` row wins; until the operator saves one, the environment's
``NAQL_*`` settings are the values. Saving the row bumps the content version (signals in
``naql.site.apps``), so every process reads the new values within a second, and cached pages
rendered with the old ones are never served again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver

from naql.site import models
from naql.site.cache import clock


@dataclass(frozen=True, slots=True)
class Preferences:
    site_name: str
    attribution_intro: str
    attribution_outro: str
    languages: tuple[str, ...]
    browser_language: bool
    hijri_dates: bool
    arabic_digits: bool


def from_environment() -> Preferences:
    """The settings before the operator saved any: ``NAQL_*`` from the environment."""
    return Preferences(
        site_name=models.default_site_name(),
        attribution_intro=models.default_intro(),
        attribution_outro=models.default_outro(),
        languages=tuple(str(models.Languages.ARABIC_ENGLISH).split(",")),
        browser_language=False,
        hijri_dates=models.default_hijri(),
        arabic_digits=models.default_arabic_digits(),
    )


def of(row: models.SiteSettings) -> Preferences:
    return Preferences(
        site_name=row.site_name,
        attribution_intro=row.attribution_intro,
        attribution_outro=row.attribution_outro,
        languages=tuple(row.languages.split(",")),
        browser_language=row.browser_language,
        hijri_dates=row.hijri_dates,
        arabic_digits=row.arabic_digits,
    )


_snapshot: tuple[str, Preferences, bool] | None = None  # (version key, values, from a row)


def current() -> Preferences:
    """The site's settings now (a database read only when the content version changed)."""
    global _snapshot  # noqa: PLW0603 (one snapshot per process, replaced whole)
    key = clock.key()
    snapshot = _snapshot
    if snapshot is None or snapshot[0] != key:
        try:
            row = models.SiteSettings.objects.filter(pk=models.SINGLETON_PK).first()
        except DatabaseError:  # the 500 page and a database outage still get a site name
            return from_environment()
        snapshot = _snapshot = (key, of(row) if row else from_environment(), row is not None)
    return snapshot[1]


def editable() -> models.SiteSettings:
    """The settings row for the admin form, created from the environment's values if absent."""
    row, _ = models.SiteSettings.objects.get_or_create(pk=models.SINGLETON_PK)
    return row


@receiver(setting_changed)
def _environment_changed(setting: str, **_: Any) -> None:
    """Tests (and only tests) change settings at run time: forget values taken from them."""
    global _snapshot  # noqa: PLW0603
    if setting.startswith("NAQL_"):
        _snapshot = None


def last_known() -> Preferences:
    """The settings as last read, without touching the database (for the 500 page)."""
    snapshot = _snapshot
    return snapshot[1] if snapshot is not None and snapshot[2] else from_environment()
