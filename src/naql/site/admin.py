"""The site settings in the Arabic admin: one form, no list (there is one row)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naql.site import preferences
from naql.site.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    fieldsets = (
        (None, {"fields": ("site_name",)}),
        (_("نصوص الإسناد"), {"fields": ("attribution_intro", "attribution_outro")}),
        (_("اللغة والتواريخ"), {"fields": ("languages", "browser_language", "hijri_dates",
                                         "arabic_digits")}),
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Straight to the one row's form (created from the environment's values if absent)."""
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        row = preferences.editable()
        return HttpResponseRedirect(reverse("admin:site_sitesettings_change", args=[row.pk]))
