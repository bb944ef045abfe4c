"""The project's URL map with the subscription pages mounted, whether or not ``naql.urls``
mounts them yet (it will; then this adds nothing)."""

from django.urls import include, path

from naql.urls import urlpatterns as project_patterns

_mounted = any(getattr(p, "namespace", None) == "subscriptions" for p in project_patterns)
urlpatterns = list(project_patterns)
if not _mounted:
    urlpatterns.insert(0, path("", include("naql.subscriptions.urls")))
