"""Answer public pages from the page cache before the rest of Django's middleware runs.

Placed right after the security and static-file middleware (``naql.settings.MIDDLEWARE``): a
hit skips sessions, locale, CSRF, auth, messages, URL resolution and the view, which measured
as most of a cached page's cost. What those would have added to a public page is added here:
the visitor's CSRF cookie (through Django's own ``CsrfViewMiddleware`` methods), the language
headers and the security headers. A miss goes down the normal stack, where ``public_page``
renders and stores the page under the key computed here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from naql.site.cache import pages, respond
from naql.site.http import secure
from naql.site.languages import remember

# Never public pages: no lookup (which would only ever miss) for these.
SKIPPED_PREFIXES = ("/static/", "/admin/", "/api/")


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not request.path.startswith(SKIPPED_PREFIXES):
            lookup = pages.lookup(request)
            request.naql_page = lookup  # type: ignore[attr-defined]
            page = pages.get(lookup)
            if page is not None:
                if len(page.parts) > 1:
                    self.csrf.process_request(request)  # the visitor's CSRF secret, if any
                response = secure(respond(page, request))
                self.csrf.process_response(request, response)  # sets the cookie on response
                return remember(request, response)
        return self.get_response(request)
