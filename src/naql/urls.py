"""URL map: the public site, its feeds and sitemaps, the read-only API, the admin, and the
subscription pages."""

from django.contrib import admin
from django.urls import include, path

from naql.api.routes import build_api
from naql.ops.urls import admin_urls, probe_urls

handler404 = "naql.site.views.page_not_found"
handler500 = "naql.site.views.server_error"

urlpatterns = [
    *probe_urls,
    path("admin/", include(admin_urls)),
    path("admin/", admin.site.urls),
    path("api/", build_api().urls),
    path("", include("naql.subscriptions.urls")),
    path("", include("naql.site.urls")),
]
