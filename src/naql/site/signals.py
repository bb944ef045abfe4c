"""Which writes change what readers see, and so bump the content version.

Connected in ``SiteConfig.ready`` to the models of other apps, so that the pipeline, the admin
and the command line need not remember to call ``bump_content_version`` on every save. Saves
that only move work along the pipeline (a new article not yet published, a lease, a source's
health after a poll) are left out: bumping on those would empty every process's page cache
all day long while feeds are polled.

Not seen by model signals: ``QuerySet.update()``, ``bulk_create`` and raw SQL. The publish
stage writes that way and sends ``naql.news.signals.articles_published`` after each commit,
which bumps too; other code that changes public content that way calls
``naql.site.cache.bump_content_version()`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from naql.site.cache import bump_content_version

# Article fields only the pipeline's bookkeeping touches.
_ARTICLE_WORK_FIELDS = frozenset({"attempts", "next_attempt_at", "lease_until", "last_error"})
# Source fields that the public never sees (health, polling, extraction hints).
_SOURCE_PRIVATE_FIELDS = frozenset(
    {
        "poll_interval", "last_success_at", "last_error_at", "last_error", "last_error_kind",
        "consecutive_failures", "rejected_counts", "boilerplate_lines", "created_at",
        "user_agent", "cookies", "extraction_rules", "mean_fetch_ms",
    }
)  # fmt: skip


def _only(update_fields: Iterable[str] | None, fields: frozenset[str]) -> bool:
    return update_fields is not None and set(update_fields) <= fields


def article_saved(sender: type, instance: Any, created: bool, update_fields: Any, **_: Any) -> None:
    from naql.news.models import StageState

    if created and instance.state != StageState.DONE:
        return  # extracted, not yet published: no page shows it
    if _only(update_fields, _ARTICLE_WORK_FIELDS):
        return
    bump_content_version()


def source_saved(sender: type, instance: Any, created: bool, update_fields: Any, **_: Any) -> None:
    if _only(update_fields, _SOURCE_PRIVATE_FIELDS):
        return
    bump_content_version()


def changed(**_: Any) -> None:
    bump_content_version()


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    from naql.news.models import Article, Story
    from naql.news.signals import articles_published
    from naql.site.models import SiteSettings
    from naql.sources.models import Section, Source

    # The publish stage writes through plain SQL and announces each committed chunk instead.
    articles_published.connect(changed, dispatch_uid="naql-site-articles-published")
    post_save.connect(article_saved, sender=Article, dispatch_uid="naql-site-article-saved")
    post_save.connect(source_saved, sender=Source, dispatch_uid="naql-site-source-saved")
    saved: tuple[type[Model], ...] = (Story, Section, SiteSettings)
    for model in saved:
        post_save.connect(changed, sender=model, dispatch_uid=f"naql-site-{model.__name__}-saved")
    deleted: tuple[type[Model], ...] = (Article, Story, Source, Section, SiteSettings)
    for model in deleted:
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"naql-site-{model.__name__}-deleted"
        )
