"""Which language a reader gets: Arabic unless English is enabled and asked for.

In order: ``?lang=en`` (remembered in Django's language cookie), the cookie, the browser's
``Accept-Language`` when the operator enables it, else Arabic. Only the languages enabled in
the site settings are ever chosen.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation.trans_real import parse_accept_lang_header

from naql.site.preferences import current

DEFAULT = "ar"
LANGUAGE_QUERY = "lang"
COOKIE_AGE = 365 * 24 * 3600


def _asked(request: HttpRequest) -> str | None:
    if "lang=" not in request.META.get("QUERY_STRING", ""):
        return None
    return request.GET.get(LANGUAGE_QUERY)


def request_language(request: HttpRequest) -> str:
    """The language to render ``request`` in (also stored as ``request.naql_language``)."""
    prefs = current()
    enabled = prefs.languages
    chosen = DEFAULT
    if len(enabled) > 1:
        asked = _asked(request)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request.META.get(
            "HTTP_COOKIE") else None  # fmt: skip
        if asked in enabled:
            chosen = str(asked)
        elif cookie in enabled:
            chosen = str(cookie)
        elif prefs.browser_language and (header := request.META.get("HTTP_ACCEPT_LANGUAGE")):
            for tag, _q in parse_accept_lang_header(header):
                primary = tag.split("-", 1)[0].lower()
                if primary in enabled:
                    chosen = primary
                    break
    request.naql_language = chosen  # type: ignore[attr-defined]
    return chosen


def remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep a language asked for with ``?lang=`` for the reader's next pages."""
    asked = _asked(request)
    if asked and asked == getattr(request, "naql_language", None):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, asked, max_age=COOKIE_AGE, samesite="Lax"
        )
    return response
