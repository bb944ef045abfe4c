"""Admin for sections and sources: what an *admin* configures (editors see sections only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from naql.ops.adminsite import brand
from naql.ops.pausing import pause_sources, resume_sources
from naql.sources.models import Endpoint, Section, Source

if TYPE_CHECKING:
    _SectionAdmin = admin.ModelAdmin[Section]
    _SourceAdmin = admin.ModelAdmin[Source]
    _EndpointInline = admin.TabularInline[Endpoint, Source]
else:  # the admin classes are generic only to the type checker
    _SectionAdmin = _SourceAdmin = admin.ModelAdmin
    _EndpointInline = admin.TabularInline

brand(admin.site)

# Operators paste addresses without a scheme; https is the right guess (and Django 6's default).
URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"},
}


@admin.register(Section)
class SectionAdmin(_SectionAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012 (Django reads a class dict)


class EndpointInline(_EndpointInline):
    model = Endpoint
    extra = 1
    formfield_overrides = URL_FIELDS
    fields = ("url", "kind", "next_poll_at", "last_polled_at", "last_status", "last_error")
    readonly_fields = ("next_poll_at", "last_polled_at", "last_status", "last_error")
    verbose_name = _("خلاصة أو خريطة موقع")
    verbose_name_plural = _("الخلاصات وخرائط الموقع")


@admin.register(Source)
class SourceAdmin(_SourceAdmin):
    list_display = ("name", "slug", "policy", "section", "enabled", "health", "last_success_at")
    list_filter = ("enabled", "policy", "section")
    search_fields = ("name", "slug", "homepage", "endpoints__url")
    list_select_related = ("section",)
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    inlines = (EndpointInline,)
    formfield_overrides = URL_FIELDS
    actions = ("pause", "resume")
    readonly_fields = (
        "health", "last_success_at", "last_error_at", "last_error_kind", "last_error",
        "consecutive_failures", "rejected_counts", "test_link", "fetch_time",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "homepage", "description")}),
        (_("النشر"), {"fields": (
            "policy", "section", "noindex", "attribution_intro", "attribution_outro",
        )}),
        (_("الاستطلاع"), {"fields": ("enabled", "poll_interval")}),
        (_("الجلب والاستخراج"), {
            "fields": ("user_agent", "cookies", "extraction_rules"),
            "description": _(
                "إعدادات خاصة بهذا الموقع؛ اتركها فارغة ليُجلب ويُستخرج كسائر المواقع."
            ),
        }),
        (_("الصحة"), {"fields": (
            "health", "test_link", "fetch_time", "last_success_at", "last_error_at", "last_error_kind",
            "last_error", "consecutive_failures", "rejected_counts",
        )}),
    )

    @admin.display(description=_("الصحة"))
    def health(self, obj: Source) -> str:
        if not obj.enabled:
            return str(_("موقوف"))
        if not obj.healthy:
            return format_html('<span style="color:#a40000">{}</span>', _("معطّل"))
        return str(_("متعثّر")) if obj.consecutive_failures else str(_("سليم"))

    @admin.display(description=_("متوسط زمن الجلب"))
    def fetch_time(self, obj: Source) -> str:
        if obj.mean_fetch_ms is None:
            return "—"
        return str(_("%(ms)d ملّي ثانية") % {"ms": round(obj.mean_fetch_ms)})

    @admin.display(description=_("اختبار"))
    def test_link(self, obj: Source) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("ops-dashboard"), _("صحة المصادر واختبار المصدر")
        )

    @admin.action(description=_("إيقاف المصادر المحددة"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        n = pause_sources(queryset)
        self.message_user(
            request, ngettext("أُوقف مصدر واحد.", "أُوقفت %(n)d مصادر.", n) % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("استئناف المصادر المحددة"), permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        n = resume_sources(queryset)
        self.message_user(
            request, ngettext("استُؤنف مصدر واحد.", "استُؤنفت %(n)d مصادر.", n) % {"n": n},
            messages.SUCCESS,
        )

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest,
                              **kwargs: Any) -> Any:
        if db_field.name in ("cookies", "extraction_rules"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 60, "dir": "ltr"})
        elif db_field.name == "user_agent":
            kwargs["widget"] = forms.TextInput(attrs={"size": 60, "dir": "ltr"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"poll_interval": 900, **super().get_changeform_initial_data(request)}
