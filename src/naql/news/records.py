"""The publish stage's per-article reads and writes, as plain SQL.

Why not the ORM here: publishing is serialized across every worker (one article at a time
under the publish lock), so its cost per article caps the whole pipeline's throughput. Each
ORM query cost about a millisecond of Python (building and compiling the query) against a
tenth of that for the database itself; the handful of fixed statements below are the same on
SQLite and PostgreSQL and keep the serialized part short. Everything else stays in the ORM.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from naql.news.models import StageState

_EXACT_COPY = (
    "SELECT id FROM news_article WHERE fingerprint = %s AND duplicate_of_id IS NULL"
    " AND publish_seq IS NOT NULL AND id <> %s ORDER BY published_at, id LIMIT 1"
)
_SIGNATURE = "SELECT signature FROM news_article WHERE id = %s"
_STORY_BY_KEY = 'SELECT id FROM news_story WHERE "key" = %s'
_NEW_STORY = (
    'INSERT INTO news_story ("key", title, first_published_at, last_published_at,'
    " article_count, source_count) VALUES (%s, %s, %s, %s, 0, 0) RETURNING id"
)
_MARK_PUBLISHED = (
    "UPDATE news_article SET publish_seq = %s, duplicate_of_id = %s, story_id = %s,"
    " state = %s, lease_until = NULL, fingerprint = %s, signature = %s WHERE id = %s"
)
_RECOUNT_STORY = """UPDATE news_story SET
    article_count = (SELECT count(*) FROM news_article WHERE story_id = %(id)s AND NOT hidden),
    source_count = (SELECT count(DISTINCT source_id) FROM news_article
                    WHERE story_id = %(id)s AND NOT hidden),
    first_published_at = COALESCE((SELECT min(published_at) FROM news_article
                                   WHERE story_id = %(id)s AND NOT hidden), first_published_at),
    last_published_at = COALESCE((SELECT max(published_at) FROM news_article
                                  WHERE story_id = %(id)s AND NOT hidden), last_published_at)
    WHERE id = %(id)s"""
_RETITLE_STORY = "UPDATE news_story SET title = %s, representative_id = %s WHERE id = %s"
_FIRST_REPRESENTATIVE = (
    "UPDATE news_story SET representative_id = %s WHERE id = %s AND representative_id IS NULL"
)


def exact_copy_of(fingerprint: str, article_id: int) -> int | None:
    """The earliest published original with the same body fingerprint, if any."""
    with connection.cursor() as cursor:
        cursor.execute(_EXACT_COPY, [fingerprint, article_id])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def signature_of(article_id: int) -> bytes | None:
    """An article's stored MinHash signature (None if it has none or is gone)."""
    with connection.cursor() as cursor:
        cursor.execute(_SIGNATURE, [article_id])
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def story_by_key(key: str) -> int | None:
    """The id of the story with clusterer key ``key``."""
    with connection.cursor() as cursor:
        cursor.execute(_STORY_BY_KEY, [key])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def story_for_key(key: str, title: str, published: datetime) -> int:
    """The id of the story with clusterer key ``key``, created (counts to follow) if new."""
    found = story_by_key(key)
    if found is not None:
        return found
    when = connection.ops.adapt_datetimefield_value(published)
    with connection.cursor() as cursor:
        cursor.execute(_NEW_STORY, [key, title, when, when])
        return int(cursor.fetchone()[0])


def mark_published(
    article_id: int,
    *,
    seq: int,
    duplicate_of: int | None,
    story_id: int,
    fingerprint: str,
    signature: bytes,
) -> None:
    """Record the stage's decision and the DONE state in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            _MARK_PUBLISHED,
            [seq, duplicate_of, story_id, StageState.DONE.value, fingerprint, signature,
             article_id],
        )


def recount_story(
    story_id: int,
    *,
    title: str | None = None,
    representative: int | None = None,
    representative_if_missing: int | None = None,
) -> None:
    """Recount a story's visible articles, outlets and time span; retitle it (title and
    representative) when a title is given, or give it a first representative."""
    with connection.cursor() as cursor:
        cursor.execute(_RECOUNT_STORY, {"id": story_id})
        if title is not None:
            cursor.execute(_RETITLE_STORY, [title, representative, story_id])
        elif representative_if_missing is not None:
            cursor.execute(_FIRST_REPRESENTATIVE, [representative_if_missing, story_id])
