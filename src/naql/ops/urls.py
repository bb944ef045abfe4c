"""URLs of the operator's side, to be included by the project's URL map.

``probe_urls`` are public (a load balancer and Prometheus do not log in); ``admin_urls`` go
under ``admin/``, before the admin's own URLs: the rate-limited login replaces the admin's, and
every other view passes through ``admin.site.admin_view`` (staff login, never-cache) as the
admin's own pages do.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, path

from naql.ops import adding, login, views

probe_urls: list[URLPattern] = [
    path("healthz", views.healthz, name="ops-healthz"),
    path("metrics", views.metrics, name="ops-metrics"),
]

admin_urls: list[URLPattern] = [
    path("login/", login.login, name="ops-login"),
    path("health/", admin.site.admin_view(views.dashboard), name="ops-dashboard"),
    path(
        "health/add-source/",
        admin.site.admin_view(adding.add_source_view),
        name="ops-add-source",
    ),
    path(
        "health/<int:pk>/check/",
        admin.site.admin_view(views.check_source),
        name="ops-check-source",
    ),
]
