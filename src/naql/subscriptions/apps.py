from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """Email subscribers, editions and the delivery outbox."""

    name = "naql.subscriptions"
    label = "subscriptions"
    verbose_name = _("الاشتراكات البريدية")
