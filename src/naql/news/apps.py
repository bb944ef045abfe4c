from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Entries, articles and stories, and the stages that move work between them."""

    name = "naql.news"
    label = "news"
    verbose_name = _("الأخبار")
