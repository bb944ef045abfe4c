from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public, right-to-left Arabic website."""

    name = "naql.site"
    label = "site"
    verbose_name = _("الموقع")

    def ready(self) -> None:
        """Cached pages go stale, in every process, when anything they show changes."""
        from naql.site import signals

        signals.connect()
