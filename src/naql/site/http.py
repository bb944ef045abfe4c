"""What every public response carries: security headers, caching headers and validators.

``public_page`` wraps a view so that its page is rendered at most once per ``max_age`` seconds
per process and content version (``naql.site.cache``): hits are normally answered by
``naql.site.middleware.PageCacheMiddleware`` before most of Django's middleware runs; this
wrapper renders and stores a page on a miss (and serves hits itself if the middleware is not
installed). Both answer ``If-None-Match``/``If-Modified-Since`` with 304 without rendering.

Why not ``cache_page``: every page carries the subscription form and so a CSRF token, and
Django's cache refuses to store a response that sets the CSRF cookie for a visitor without
cookies — that is, for nearly every first visit. We cache the page with the token cut out and
put a fresh token for this visitor back in on the way out; the ETag is computed over the page
without the token, so it names the content, not the random token mask.

Security headers are set here rather than in a middleware so that the site's guarantees do
not depend on a settings line; a middleware may add them for other apps later.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from naql.site.cache import build_page, pages, respond
from naql.site.languages import remember

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]

# Inline JSON-LD is a data block, not script: browsers neither run it nor check it against
# script-src, so 'none' costs nothing. Images come from the outlets, over http or https.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'none'",
        "style-src 'self'",
        "img-src 'self' https: http: data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "interest-cohort=()",
}


def secure(response: HttpResponse) -> HttpResponse:
    """Add the security headers (CSP forbids every script) to ``response``."""
    for name, value in SECURITY_HEADERS.items():
        response[name] = value
    return response


def public_page(max_age: int = 60) -> Callable[[View[P]], View[P]]:
    """Cache a GET view's 200 responses for ``max_age`` seconds, with ETag and security headers,
    rendered in the reader's language. Other statuses (404, redirects) pass through uncached
    but still get the security headers."""

    def wrap(view: View[P]) -> View[P]:
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return secure(view(request, *args, **kwargs))
            lookup = getattr(request, "naql_page", None) or pages.lookup(request)
            page = pages.get(lookup)
            if page is None:
                with translation.override(lookup.language):
                    response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return remember(request, secure(response))
                page = build_page(response, max_age, lookup.language)
                pages.put(lookup, page)
            return remember(request, secure(respond(page, request)))

        update_wrapper(wrapped, view)
        return wrapped

    return wrap
