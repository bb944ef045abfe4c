"""Template context every page gets: the site's name, its sections for the navigation, and
the language switch."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from naql.site import preferences
from naql.sources.models import Section


def _sections() -> list[Section]:
    return list(Section.objects.order_by("position", "name")[:12])


def site(request: HttpRequest) -> dict[str, Any]:
    """The site name, the demo notice flag, the sections (queried only if a template uses
    them, so the 500 page does not touch the database) and the enabled languages."""
    return {
        "site_name": SimpleLazyObject(lambda: preferences.current().site_name),
        "site_languages": SimpleLazyObject(lambda: preferences.current().languages),
        "demo_notice": settings.NAQL_DEMO,
        "nav_sections": SimpleLazyObject(_sections),
    }
