"""What every public response carries: security headers, caching headers and validators.

``public_page`` wraps a view so that a page is rendered at most once per ``max_age`` seconds
per worker (Django's cache; the local-memory default is per process) and answers
``If-None-Match``/``If-Modified-Since`` with 304 through ``ConditionalGetMiddleware``.

Why not ``cache_page``: every page carries the subscription form and so a CSRF token, and
Django's cache refuses to store a response that sets the CSRF cookie for a visitor without
cookies — that is, for nearly every first visit. We cache the page with the token replaced by
a marker and put a fresh token for this visitor back in on the way out; the ETag is computed
over the marked page, so it names the content, not the random token mask.

Any save or delete of an article, story, source or section bumps a generation number that is
part of every cache key (``naql.site.apps`` connects the signals), so an edit made in this
process (the admin hiding an article, a test building data) shows at once; edits made by other
processes (pipeline workers) show within ``max_age``, or at once with a shared cache backend.

Security headers are set here rather than in a middleware so that the site's guarantees do
not depend on a settings line; a middleware may add them for other apps later.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.http import http_date
from django.utils.translation import get_language

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
GENERATION_KEY = "naql:page:generation"
TOKEN_MARKER = "@@naql-csrf-token@@"  # noqa: S105 (a placeholder, not a secret)


def secure(response: HttpResponse) -> HttpResponse:
    """Add the security headers (CSP forbids every script) to ``response``."""
    for name, value in SECURITY_HEADERS.items():
        response[name] = value
    return response


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A rendered page with its CSRF token replaced by ``TOKEN_MARKER``."""

    body: str
    content_type: str
    etag: str
    last_modified: float


def _marked(response: HttpResponse) -> str:
    body = response.content.decode(response.charset or "utf-8")
    token = _rendered_token(body)
    return body.replace(token, TOKEN_MARKER) if token else body


def _rendered_token(body: str) -> str | None:
    start = body.find('name="csrfmiddlewaretoken" value="')
    if start < 0:
        return None
    start += len('name="csrfmiddlewaretoken" value="')
    return body[start : body.index('"', start)]


def _respond(page: CachedPage, request: HttpRequest, max_age: int) -> HttpResponse:
    body = page.body
    if TOKEN_MARKER in body:
        body = body.replace(TOKEN_MARKER, get_token(request))
    response = HttpResponse(body, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    response["Cache-Control"] = f"max-age={max_age}"
    response["Vary"] = "Cookie, Accept-Language, Accept-Encoding"
    return secure(response)


def forget_pages(**_: object) -> None:
    """Make every cached page stale (a signal receiver: data a page shows has changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 1, timeout=None)


def public_page(max_age: int = 60) -> Callable[[View[P]], View[P]]:
    """Cache a GET view's 200 responses for ``max_age`` seconds, with ETag and security headers.

    Other statuses (404, redirects) pass through uncached but still get the security headers.
    """

    def wrap(view: View[P]) -> View[P]:
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return secure(view(request, *args, **kwargs))
            generation = cache.get_or_set(GENERATION_KEY, 0, timeout=None)
            key = f"naql:page:{generation}:{get_language()}:{request.get_full_path()}"
            page: CachedPage | None = cache.get(key)
            if page is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return secure(response)
                body = _marked(response)
                page = CachedPage(
                    body=body,
                    content_type=response["Content-Type"],
                    etag='"' + hashlib.blake2b(body.encode(), digest_size=12).hexdigest() + '"',
                    last_modified=time.time(),
                )
                cache.set(key, page, max_age)
            return _respond(page, request, max_age)

        update_wrapper(wrapped, view)
        return wrapped

    return wrap
