"""What the operator configures: sections, sources and their endpoints (feeds, sitemaps)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naql.sources.fetching import validate_cookies, validate_extraction_rules, validate_user_agent


class Section(models.Model):
    """A section of the site (سياسة، اقتصاد، رياضة…): articles are filed under one."""

    slug = models.SlugField(unique=True, allow_unicode=True)
    name = models.CharField(_("الاسم"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("قسم")
        verbose_name_plural = _("الأقسام")

    def __str__(self) -> str:
        return self.name


# Consecutive failed polls after which a source counts as broken (admin, dashboard, CLI, metrics).
FAILING_AFTER = 3


class Policy(models.TextChoices):
    """How much of a source's article we may show: what its terms or our agreement allow."""

    FULL = "full", _("النص الكامل مع ذكر المصدر")
    EXCERPT = "excerpt", _("مقتطف ورابط")
    LINK = "link", _("العنوان والرابط فقط")


class Source(models.Model):
    """An outlet we carry news from."""

    slug = models.SlugField(unique=True, allow_unicode=True)
    name = models.CharField(_("الاسم"), max_length=200)
    homepage = models.URLField(_("الصفحة الرئيسية"), max_length=500)
    description = models.TextField(_("الوصف"), blank=True)
    policy = models.CharField(
        _("سياسة النشر"), max_length=10, choices=Policy.choices, default=Policy.EXCERPT
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("القسم")
    )
    enabled = models.BooleanField(_("مفعّل"), default=True)
    noindex = models.BooleanField(_("منع الفهرسة"), default=False)
    attribution_intro = models.TextField(_("نص المقدمة"), blank=True)
    attribution_outro = models.TextField(_("نص الخاتمة"), blank=True)
    poll_interval = models.PositiveIntegerField(_("فترة الاستطلاع (ثوانٍ)"), default=900)
    # How this site wants to be fetched and read (empty: the site-wide defaults).
    user_agent = models.CharField(
        _("معرّف الزاحف (User-Agent)"),
        max_length=300,
        blank=True,
        validators=[validate_user_agent],
        help_text=_("اتركه فارغًا ليُستعمل معرّف الزاحف العام (NAQL_USER_AGENT)."),
    )
    cookies = models.TextField(
        _("ملفات تعريف الارتباط (Cookie)"),
        blank=True,
        validators=[validate_cookies],
        help_text=_(
            'بصيغة ترويسة Cookie: <code dir="ltr">name=value; other=value</code> — '
            "لمواقع تطلب موافقة على ملفات تعريف الارتباط أو اشتراكًا."
        ),
    )
    extraction_rules = models.JSONField(
        _("قواعد الاستخراج"),
        default=dict,
        blank=True,
        validators=[validate_extraction_rules],
        help_text=_(
            "محددات CSS لهذا الموقع بصيغة JSON، مثل "
            '<code dir="ltr">{"body": "article .content", "remove": [".share"]}</code>. '
            "المفاتيح: body (إلزامي)، title، published، author، remove (قائمة). "
            "اتركها {} ليستخرج نقل النص تلقائيًا."
        ),
    )
    # Health: what the dashboard shows and sorts by.
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_kind = models.CharField(max_length=60, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    rejected_counts = models.JSONField(default=dict, blank=True)
    # Exponential moving average of successful fetch times, in milliseconds.
    mean_fetch_ms = models.FloatField(_("متوسط زمن الجلب (ملّي ثانية)"), null=True, blank=True)
    # Lines this source's pages repeat (an aggregator's intro/outro), learned from its pages.
    boilerplate_lines = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name",)
        verbose_name = _("مصدر")
        verbose_name_plural = _("المصادر")

    def __str__(self) -> str:
        return self.name

    @property
    def healthy(self) -> bool:
        """A source is unhealthy after ``FAILING_AFTER`` failures in a row."""
        return self.consecutive_failures < FAILING_AFTER

    def count_rejection(self, reason: str) -> None:
        """Count one rejected page by reason (caller saves)."""
        counts: dict[str, Any] = dict(self.rejected_counts or {})
        counts[reason] = int(counts.get(reason, 0)) + 1
        self.rejected_counts = counts


class EndpointKind(models.TextChoices):
    FEED = "feed", _("خلاصة")
    SITEMAP = "sitemap", _("خريطة موقع")


class Endpoint(models.Model):
    """A URL we poll for new entries: a feed or a (news) sitemap."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="endpoints")
    url = models.URLField(max_length=1000, unique=True)
    kind = models.CharField(max_length=10, choices=EndpointKind.choices, default=EndpointKind.FEED)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Adapted after each poll: shorter for busy feeds, longer for quiet ones (seconds).
    poll_interval = models.PositiveIntegerField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("نقطة استطلاع")
        verbose_name_plural = _("نقاط الاستطلاع")

    def __str__(self) -> str:
        return self.url


class HostSlot(models.Model):
    """One host's shared schedule when several workers crawl (see ``naql.sources.hostgate``):
    no request may start before ``free_at``, nor while another worker holds the host."""

    host = models.CharField(max_length=300, primary_key=True)
    free_at = models.DateTimeField()
    held_until = models.DateTimeField()
    holder = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("جدول مضيف")
        verbose_name_plural = _("جداول المضيفين")

    def __str__(self) -> str:
        return self.host
