"""The engine-specific half of the index: each statement runs only on its own database.

SQLite: an external-content FTS5 table over ``search_document``, kept in step by triggers
(the pattern in the FTS5 documentation). The ``ascii`` tokenizer only splits on ASCII
spaces and punctuation: the analyzer has already done the Arabic work, and FTS5 must not
fold the tokens differently.

PostgreSQL: a stored generated ``tsvector`` (title weight A, body weight D) with the
``simple`` configuration, which only lower-cases, over the analyzer's tokens; GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens, content='search_document', content_rowid='article_id',
        tokenize='ascii', detail=full)""",
    """CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    """ALTER TABLE search_document ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || to_tsvector('simple'::regconfig, body_tokens)) STORED""",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS document",
]
STATEMENTS = {"sqlite": (SQLITE_UP, SQLITE_DOWN), "postgresql": (POSTGRES_UP, POSTGRES_DOWN)}


def _run(schema_editor, index):  # type: ignore[no-untyped-def]
    for sql in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[index]:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, 0)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
