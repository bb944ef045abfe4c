from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public, right-to-left Arabic website."""

    name = "naql.site"
    label = "site"
    verbose_name = _("الموقع")

    def ready(self) -> None:
        """Cached pages go stale when anything they show is saved or deleted."""
        from naql.news.models import Article, Story
        from naql.site.http import forget_pages
        from naql.sources.models import Section, Source

        for model in (Article, Story, Source, Section):
            post_save.connect(forget_pages, sender=model, dispatch_uid=f"site-{model.__name__}-s")
            post_delete.connect(forget_pages, sender=model, dispatch_uid=f"site-{model.__name__}-d")
