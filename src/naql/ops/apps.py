"""Django app config: installing ``naql.ops`` only lets Django's loader find its templates."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "naql.ops"
    label = "ops"
    verbose_name = "التشغيل"
