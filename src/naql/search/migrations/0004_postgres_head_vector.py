"""PostgreSQL only: a small ``head`` vector to rank first, and the ranked article columns in
an index of their own.

- ``head``: the title (weight A) and the lead (the body's first ``LEAD_CHARS`` characters
  of tokens, about 60 of them), small enough to stay in the row. Ranking reads a match's
  whole ``document`` from TOAST, so the backend ranks every match by ``head`` and only the
  best hundred by ``document`` (benchmarks/RESULTS.md).
- A trigger fills ``head`` and ``document`` (no longer generated: the expression is
  dropped, the values kept) from one ``simple`` parse of each text, so the shared insert
  statements stay as they are and a reindex costs what it did (parsing title and lead a
  second time for the head cost 10% of its rate).
- ``head`` is a plain column, not a generated one: adding that rewrote the table under an
  exclusive lock, 14 minutes at 1M articles. Rows indexed before this migration have no
  head until ``naql search reindex``; they are ranked by ``document`` meanwhile (right, only
  slower).
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
    "ALTER TABLE search_document ALTER COLUMN document DROP EXPRESSION",
    "ALTER TABLE search_document ADD COLUMN head tsvector",
    # ``head || rest`` is ``document`` as migration 0002 generated it (``||`` shifts the
    # right side's positions past the left's last one), with each text parsed once.
    f"""CREATE FUNCTION search_document_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        lead text := {_LEAD};
    BEGIN
        NEW.head := setweight(to_tsvector('simple'::regconfig, NEW.title_tokens), 'A')
            || to_tsvector('simple'::regconfig, lead);
        NEW.document := NEW.head
            || to_tsvector('simple'::regconfig, substr(NEW.body_tokens, length(lead) + 1));
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER search_document_vectors BEFORE INSERT OR UPDATE OF title_tokens, body_tokens"
    " ON search_document FOR EACH ROW EXECUTE FUNCTION search_document_vectors()",
    "CREATE INDEX IF NOT EXISTS news_article_searchable ON news_article (id)"
    " INCLUDE (hidden, duplicate_of_id, published_at, source_id, section_id)",
]
DOWN = [
    "DROP INDEX IF EXISTS news_article_searchable",
    "DROP TRIGGER IF EXISTS search_document_vectors ON search_document",
    "DROP FUNCTION IF EXISTS search_document_vectors()",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head",
    # Generated again, as migration 0002 made it (this rewrites the table).
    "ALTER TABLE search_document DROP COLUMN document",
    """ALTER TABLE search_document ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || to_tsvector('simple'::regconfig, body_tokens)) STORED""",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
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
