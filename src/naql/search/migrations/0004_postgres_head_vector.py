"""PostgreSQL only: a small ``head`` vector to rank first, and the ranked article columns in
an index of their own.

- ``head``: the title (weight A) and the lead (the body's first ``LEAD_CHARS`` characters
  of tokens, about 60 of them), small enough to stay in the row. Ranking reads a match's whole ``document`` from TOAST, so the backend
  ranks every match by ``head`` and only the best hundred by ``document``
  (benchmarks/RESULTS.md). A trigger fills it, with the same ``simple`` parsing as
  ``document``, so the shared insert statements stay as they are. A plain column rather
  than a generated one because adding that rewrote the table under an exclusive lock: 14
  minutes at 1M articles. Rows indexed before this migration have no head until
  ``naql search reindex``; they are ranked by ``document`` meanwhile (right, only slower).
- The index is the PostgreSQL form of migration 0003's: with ``INCLUDE`` the visibility
  re-check, filters and recency boost read the index alone (an index-only scan) rather than
  a random heap page of ``news_article`` per match.
"""

from django.db import migrations

LEAD_CHARS = 400
# The body's first LEAD_CHARS characters of tokens (~60 of them), cut back to a whole token.
# A regular expression taking the first 60 tokens cost twice the whole document's to_tsvector.
_LEAD = (
    f"CASE WHEN length(NEW.body_tokens) <= {LEAD_CHARS} THEN NEW.body_tokens"
    f" ELSE left(NEW.body_tokens, {LEAD_CHARS + 1}"
    f" - strpos(reverse(left(NEW.body_tokens, {LEAD_CHARS + 1})), ' ')) END"
)
UP = [
    "ALTER TABLE search_document ADD COLUMN head tsvector",
    f"""CREATE FUNCTION search_document_head() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.head := setweight(to_tsvector('simple'::regconfig, NEW.title_tokens), 'A')
            || to_tsvector('simple'::regconfig, {_LEAD});
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER search_document_head BEFORE INSERT OR UPDATE OF title_tokens, body_tokens"
    " ON search_document FOR EACH ROW EXECUTE FUNCTION search_document_head()",
    "CREATE INDEX IF NOT EXISTS news_article_searchable ON news_article (id)"
    " INCLUDE (hidden, duplicate_of_id, published_at, source_id, section_id)",
]
DOWN = [
    "DROP INDEX IF EXISTS news_article_searchable",
    "DROP TRIGGER IF EXISTS search_document_head ON search_document",
    "DROP FUNCTION IF EXISTS search_document_head()",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for sql in UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_covering_index")]
    operations = [migrations.RunPython(forwards, backwards)]
