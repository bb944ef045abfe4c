"""Template context every page gets: the site's name."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Expose the site name (and the demo notice flag) to all templates."""
    return {"site_name": settings.NAQL_SITE_NAME, "demo_notice": settings.NAQL_DEMO}
