"""The URL map these tests need: the subscription pages and the site whose base template they
extend, without the rest of the project (the API, the admin) that they do not touch."""

from django.urls import include, path

urlpatterns = [
    path("", include("naql.subscriptions.urls")),
    path("", include("naql.site.urls")),
]
