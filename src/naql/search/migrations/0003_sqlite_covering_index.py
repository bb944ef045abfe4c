"""SQLite only: the article columns a search reads, in an index of their own.

Why: SQLite stores a row's columns in order, and ``hidden``, ``duplicate_of_id``,
``published_at``, ``source_id`` and ``section_id`` come after ``body_text`` and ``body_html``;
reading them walks the overflow pages of both bodies. Ranking reads them for every match (the
visibility re-check, the filters and the recency boost), so at 1M articles a query matching
5,600 of them spent a third of its time there (72 → 47 ms with this index, benchmarks/
RESULTS.md). The SQLite backend names it with ``INDEXED BY``, since the planner prefers the
rowid. PostgreSQL keeps large values out of line (TOAST) and needs no such index.
"""

from django.db import migrations

INDEX = "news_article_searchable"
UP = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON news_article "
    "(id, hidden, duplicate_of_id, published_at, source_id, section_id)"
)
DOWN = f"DROP INDEX IF EXISTS {INDEX}"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(UP)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index"), ("news", "0003_copies_and_story_keys")]
    operations = [migrations.RunPython(forwards, backwards)]
