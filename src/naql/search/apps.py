from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The full-text index over published articles, on SQLite FTS5 or PostgreSQL."""

    name = "naql.search"
    label = "search"
    verbose_name = _("البحث")
