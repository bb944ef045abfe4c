"""Keeping the index in step with the articles: one article, or all of them.

The pipeline calls ``index_article`` when an article is published or edited and
``unindex_article`` when it is hidden or found to be a copy; ``naql search reindex`` calls
``reindex``. Only visible originals are indexed, and ``search`` checks visibility again, so
an article that changes state between the two is never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection, transaction

from naql.news.models import Article
from naql.search.backends import backend_for
from naql.search.models import SearchDocument
from naql.text import DEFAULT_ANALYZER, Analyzer
from naql.text.batch import analyze_all, default_processes

# PostgreSQL caps a tsvector at 1 MB; 50k tokens of Arabic stay well under it, and an
# article longer than that is still found by its first 50k words.
MAX_BODY_TOKENS = 50_000
BATCH = 250
PARALLEL_FROM = 5_000
"""A reindex of fewer articles runs in this process: starting a pool costs ~0.5 s."""
_INSERT = "INSERT INTO search_document (article_id, title_tokens, body_tokens) VALUES (%s, %s, %s)"
_UPSERT = (
    "INSERT INTO search_document (article_id, title_tokens, body_tokens) VALUES (%s, %s, %s)"
    " ON CONFLICT (article_id) DO UPDATE"
    " SET title_tokens = excluded.title_tokens, body_tokens = excluded.body_tokens"
)

Progress = Callable[[int, int], None]


def document_for(
    article: Article,
    analyzer: Analyzer = DEFAULT_ANALYZER,
    *,
    title_tokens: Sequence[str] | None = None,
    body_tokens: Sequence[str] | None = None,
) -> SearchDocument:
    """The index row for an article (not saved). The publish stage has already analyzed the
    text for deduplication and passes its tokens, so each article is analyzed once."""
    if title_tokens is None:
        title_tokens = analyzer.analyze(article.title)
    if body_tokens is None:
        body_tokens = analyzer.analyze(article.body_text)
    return _document(article.pk, title_tokens, body_tokens)


def _document(pk: int, title_tokens: Sequence[str], body_tokens: Sequence[str]) -> SearchDocument:
    return SearchDocument(
        article_id=pk,
        title_tokens=" ".join(title_tokens),
        body_tokens=" ".join(body_tokens[:MAX_BODY_TOKENS]),
    )


def _visible(article: Article) -> bool:
    return not article.hidden and article.duplicate_of_id is None


def index_article(
    article: Article,
    *,
    title_tokens: Sequence[str] | None = None,
    body_tokens: Sequence[str] | None = None,
) -> None:
    """Add, refresh or (if hidden or a duplicate) remove one article's index entry.

    One upsert statement, in SQL both databases share: the row is new when an article is
    first published and exists when it is edited, and each engine's own machinery (FTS5
    triggers, the generated tsvector) follows either way. Publishing indexes every article
    while holding the publish lock, so the ORM's query building is worth avoiding here."""
    if not _visible(article):
        unindex_article(article.pk)
        return
    doc = document_for(article, title_tokens=title_tokens, body_tokens=body_tokens)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [doc.article_id, doc.title_tokens, doc.body_tokens])


def stored_tokens(article_ids: list[int]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The analyzer tokens kept for these articles, as (title, body), when they are the whole
    analysis (a body cut at ``MAX_BODY_TOKENS`` is left out, so callers analyze it afresh)."""
    out: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    rows = SearchDocument.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "title_tokens", "body_tokens"
    )
    for pk, title, body in rows:
        tokens = tuple(body.split())
        if len(tokens) < MAX_BODY_TOKENS:
            out[pk] = (tuple(title.split()), tokens)
    return out


def unindex_article(article_id: int) -> None:
    """Remove an article from the index; nothing happens if it was not there."""
    SearchDocument.objects.filter(article_id=article_id).delete()


def reindex(progress: Progress | None = None, *, processes: int | None = None) -> int:
    """Rebuild the whole index from the articles; returns the number indexed.

    One transaction: readers see the old index until the new one is complete. Analysis,
    most of the work, runs on every core (``processes``, default one per core) once the
    collection is large enough to repay starting them; this process reads the articles and
    writes the rows. ``progress`` is called with (done, total) after each batch.
    """
    backend = backend_for(connection.vendor)
    visible = Article.objects.filter(hidden=False, duplicate_of__isnull=True)
    total = visible.count()
    if processes is None:
        processes = default_processes() if total >= PARALLEL_FROM else 1
    done = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend.clear(cursor)
        rows = visible.order_by("id").values_list("id", "title", "body_text")
        analyzed = analyze_all(
            rows.iterator(chunk_size=2000),
            max_body_tokens=MAX_BODY_TOKENS,
            processes=processes,
            batch=BATCH,
        )
        for batch in analyzed:
            with connection.cursor() as cursor:
                cursor.executemany(_INSERT, batch)
            done += len(batch)
            if progress:
                progress(done, total)
        with connection.cursor() as cursor:
            backend.optimize(cursor)
    if progress:
        progress(done, total)
    return done
