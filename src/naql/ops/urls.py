"""URLs of the operator's side, to be included by the project's URL map.

``probe_urls`` are public (a load balancer and Prometheus do not log in); ``admin_urls`` go
under ``admin/`` and every view there passes through ``admin.site.admin_view``: staff login,
CSRF and never-cache, exactly as the admin's own pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, path

from naql.ops import views

probe_urls: list[URLPattern] = [
    path("healthz", views.healthz, name="ops-healthz"),
    path("metrics", views.metrics, name="ops-metrics"),
]

admin_urls: list[URLPattern] = [
    path("health/", admin.site.admin_view(views.dashboard), name="ops-dashboard"),
    path(
        "health/<int:pk>/check/",
        admin.site.admin_view(views.check_source),
        name="ops-check-source",
    ),
]
