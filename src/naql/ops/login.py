"""The admin's login page, rate limited: password guessing gets a 429, not a thousand tries.

Why counted in the database (the subscriptions app's fixed-window counters): every web process
must see the same count, or a guesser simply spreads its tries over the workers. Both the
client address and the user name are limited, so neither many names from one address nor one
name from many addresses gets far. Only POSTs (attempts) count.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from naql.ops.templating import ops_template
from naql.subscriptions.ratelimit import Limit, hit, retry_after

PER_ADDRESS = Limit("admin-login-ip", 10, timedelta(minutes=15))
PER_USERNAME = Limit("admin-login-user", 10, timedelta(minutes=15))


@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """Django admin's login, after counting this attempt against both limits."""
    if request.method == "POST":
        now = timezone.now()
        address = request.META.get("REMOTE_ADDR") or "unknown"
        username = str(request.POST.get("username", "")).strip().lower()
        within = hit(PER_ADDRESS, address, now)
        within = hit(PER_USERNAME, username, now) and within
        if not within:
            wait = max(retry_after(PER_ADDRESS, now), retry_after(PER_USERNAME, now))
            context = {
                **admin.site.each_context(request),
                "title": _("محاولات دخول كثيرة"),
                "minutes": max(1, round(wait / 60)),
            }
            response = TemplateResponse(
                request, ops_template("login_limited.html"), context, status=429
            )
            response["Retry-After"] = str(wait)
            return response
    return admin.site.login(request)
