from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    """Sources, their endpoints (feeds, sitemaps) and the sections articles are filed under."""

    name = "naql.sources"
    label = "sources"
    verbose_name = _("المصادر")
