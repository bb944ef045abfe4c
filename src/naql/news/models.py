"""Entries (URLs to fetch), articles (what we extracted) and stories (articles grouped).

Stage progress is state in these tables, never only in memory: ``state``, ``attempts``,
``next_attempt_at``, ``lease_until`` and ``last_error`` let any worker pick up work that
another one dropped when it died.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naql.sources.models import Endpoint, Section, Source


class StageState(models.TextChoices):
    PENDING = "pending", _("بانتظار المعالجة")
    DONE = "done", _("تمّت")
    FAILED = "failed", _("فشلت")
    REJECTED = "rejected", _("مرفوضة")


class StagedWork(models.Model):
    """The fields every unit of staged work carries; see the module docstring."""

    state = models.CharField(
        max_length=10, choices=StageState.choices, default=StageState.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True


class Entry(StagedWork):
    """A discovered article URL, waiting to be fetched and extracted."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    endpoint = models.ForeignKey(Endpoint, null=True, blank=True, on_delete=models.SET_NULL)
    url = models.URLField(max_length=1000, unique=True)
    guid = models.CharField(max_length=1000, blank=True)
    feed_title = models.TextField(blank=True)
    feed_summary = models.TextField(blank=True)
    feed_published = models.DateTimeField(null=True, blank=True)
    feed_section = models.CharField(max_length=200, blank=True)
    reject_reason = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("مدخل")
        verbose_name_plural = _("المدخلات")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.url


class Story(models.Model):
    """Articles from one or more outlets about the same event."""

    # The clusterer's key: the founding article's id (stable, nothing else to persist).
    key = models.CharField(max_length=40, unique=True, null=True, blank=True)
    title = models.TextField(_("العنوان"))
    representative = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_published_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_published_at = models.DateTimeField(default=timezone.now, db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("قصة")
        verbose_name_plural = _("القصص")

    def __str__(self) -> str:
        return self.title


class Article(StagedWork):
    """An extracted article. ``state`` tracks the post-extraction stages (analyze → dedupe →
    cluster → index); ``DONE`` means it is published."""

    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    url = models.URLField(max_length=1000, unique=True)
    title = models.TextField(_("العنوان"))
    author = models.CharField(_("الكاتب"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("تاريخ النشر"), default=timezone.now, db_index=True)
    modified_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    body_text = models.TextField()
    body_html = models.TextField()
    image = models.URLField(max_length=1000, blank=True)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL)
    lang = models.CharField(max_length=10, blank=True)
    original_source = models.CharField(max_length=300, blank=True)
    original_url = models.URLField(max_length=1000, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    # MinHash signature (naql.stories.Signature.to_bytes) for near-duplicate detection.
    signature = models.BinaryField(null=True, blank=True, editable=False)
    # Order of publication across all workers: lets each process catch up with the others.
    publish_seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    hidden = models.BooleanField(_("مخفي"), default=False)

    class Meta:
        ordering = ("-published_at", "-id")
        verbose_name = _("مقال")
        verbose_name_plural = _("المقالات")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def excerpt(self) -> str:
        """The first paragraph, or the first 300 characters: what excerpt-policy sources show."""
        first = self.body_text.split("\n\n", 1)[0]
        return first if len(first) <= 400 else first[:300].rsplit(" ", 1)[0] + "…"


class WorkerBeat(models.Model):
    """One running worker process: its heartbeat tells /healthz and the reaper it is alive."""

    name = models.CharField(max_length=200, unique=True)
    roles = models.CharField(max_length=100)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    current = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("عامل")
        verbose_name_plural = _("العمّال")

    def __str__(self) -> str:
        return self.name


class Lease(models.Model):
    """A named lease only one process holds at a time (the scheduler), renewed while alive."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} → {self.holder}"
