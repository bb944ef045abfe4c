"""Subscribers, the editions they receive and the outbox that delivers them.

Delivery state lives here, never only in a worker's memory: an ``OutboxMessage`` row is written
in the same transaction that plans it, is leased while a worker holds it and is marked sent the
moment the SMTP server accepts it. A worker killed at any instant therefore leaves every message
either sent, or pending with a lease that runs out (see
docs/design/how-does-naql-deliver-mail-without-losing-any.md).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naql.sources.models import Section, Source


def new_link_key() -> str:
    """A random key bound into every signed link, so rotating it revokes them all."""
    return secrets.token_urlsafe(12)


class Frequency(models.TextChoices):
    INSTANT = "instant", _("فور النشر (دفعة كل بضع دقائق)")
    DAILY = "daily", _("يوميًا")
    WEEKLY = "weekly", _("أسبوعيًا")


class Status(models.TextChoices):
    PENDING = "pending", _("بانتظار التأكيد")
    ACTIVE = "active", _("مشترك")
    UNSUBSCRIBED = "unsubscribed", _("ألغى الاشتراك")
    BOUNCED = "bounced", _("عنوان مرفوض")


class Subscriber(models.Model):
    """One address and what it wants to receive.

    ``email`` is stored normalized (lower case, IDN domain in its ASCII form) so that one mailbox
    is one row. ``covered_until`` is the end of the last window a digest was planned for: the next
    digest only carries stories with activity after it.
    """

    email = models.EmailField(_("البريد الإلكتروني"), max_length=254, unique=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    frequency = models.CharField(
        _("عدد مرات الإرسال"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    hour = models.PositiveSmallIntegerField(_("ساعة الإرسال"), default=7)
    weekday = models.PositiveSmallIntegerField(_("يوم الإرسال الأسبوعي"), default=4)
    time_zone = models.CharField(_("المنطقة الزمنية"), max_length=64, default="Asia/Riyadh")
    sections = models.ManyToManyField(Section, blank=True, verbose_name=_("الأقسام"))
    sources = models.ManyToManyField(Source, blank=True, verbose_name=_("المصادر"))
    keywords = models.JSONField(_("كلمات متابَعة"), default=list, blank=True)
    link_key = models.CharField(max_length=32, default=new_link_key)
    confirm_nonce = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    covered_until = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    bounce_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("مشترك")
        verbose_name_plural = _("المشتركون")
        indexes = (models.Index(fields=["status", "next_due_at"]),)

    def __str__(self) -> str:
        return self.email


class Edition(models.Model):
    """One scheduled send: every subscriber of ``frequency`` due at ``due_at`` is in it.

    ``key`` (frequency + due time) is unique, so two planners racing for the same slot meet on
    one row instead of making two editions.
    """

    key = models.CharField(max_length=80, unique=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    due_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    planned_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("إصدار")
        verbose_name_plural = _("الإصدارات")

    def __str__(self) -> str:
        return self.key


class MessageKind(models.TextChoices):
    CONFIRM = "confirm", _("تأكيد الاشتراك")
    ALREADY = "already", _("تذكير لمشترك قائم")
    DIGEST = "digest", _("نشرة")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("بانتظار الإرسال")
    SENT = "sent", _("أُرسلت")
    FAILED = "failed", _("فشلت نهائيًا")
    CANCELLED = "cancelled", _("أُلغيت")


class OutboxMessage(models.Model):
    """One message to one subscriber. For digests, (subscriber, edition) is unique: that is the
    guarantee that nobody is planned the same edition twice, whatever crashes or races."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="outbox")
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=8, choices=MessageKind.choices)
    story_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    leased_by = models.CharField(max_length=64, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("رسالة صادرة")
        verbose_name_plural = _("صندوق الصادر")
        constraints = (
            models.UniqueConstraint(
                fields=["subscriber", "edition"],
                condition=models.Q(edition__isnull=False),
                name="subscriptions_one_message_per_edition",
            ),
        )
        indexes = (models.Index(fields=["state", "next_attempt_at"]),)

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}"


class RateCounter(models.Model):
    """Hits for one key (a hashed IP or address) in one fixed time window.

    In the database rather than a process cache so that every web process shares one count.
    """

    key = models.CharField(max_length=80)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["key", "window_start"], name="subscriptions_rate_key"),
        )
        indexes = (models.Index(fields=["window_start"]),)

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%H:%M}"
