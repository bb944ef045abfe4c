"""Template context every page gets: the site's name and its sections for the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from naql.sources.models import Section


def _sections() -> list[Section]:
    return list(Section.objects.order_by("position", "name")[:12])


def site(request: HttpRequest) -> dict[str, Any]:
    """The site name, the demo notice flag, and the sections (queried only if a template
    uses them, so the 500 page does not touch the database)."""
    return {
        "site_name": settings.NAQL_SITE_NAME,
        "demo_notice": settings.NAQL_DEMO,
        "nav_sections": SimpleLazyObject(_sections),
    }
