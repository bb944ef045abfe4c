"""The search index's one table: each visible article's analyzer tokens.

Why a Django model and not only engine DDL: Django then deletes the row with its article,
flushes it between tests and knows it in migrations. The engine-specific part sits on top,
created by ``migrations/0002_engine_index`` for the database in use: an FTS5 table kept in
step by triggers on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from naql.news.models import Article


class SearchDocument(models.Model):
    """The analyzer's tokens of one article, space-separated, title and body apart (the
    title weighs more in ranking)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title_tokens = models.TextField()
    body_tokens = models.TextField()

    class Meta:
        db_table = "search_document"
        verbose_name = _("مستند بحث")
        verbose_name_plural = _("مستندات البحث")

    def __str__(self) -> str:
        return f"search document {self.pk}"
