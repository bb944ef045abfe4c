"""Dress Django's admin site as naql's: Arabic titles and a way to the health dashboard.

Why the default ``admin.site`` and not a subclass: the other apps register on it (the
subscriptions admin among them), and every ``admin:`` URL keeps working unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from naql.ops.templating import ops_template


def brand(site: AdminSite) -> None:
    """Set the site's titles and its index page (with the health dashboard's link)."""
    name = getattr(settings, "NAQL_SITE_NAME", "نقل")
    site.site_header = format_lazy(_("إدارة {site}"), site=name)
    site.site_title = format_lazy(_("إدارة {site}"), site=name)
    site.index_title = _("لوحة التشغيل")
    site.site_url = "/"
    site.index_template = ops_template("admin_index.html")
