"""URL map: the public site, the admin, and (later) the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("naql.site.urls")),
]
