"""The pipeline's stages: the one place where the pure core meets the database.

Each stage claims due rows with a lease, does its work, and commits its result and its new
state in one transaction, so it is idempotent and safe to re-run after a crash.
"""

from naql.news.stages.context import StageConfig
from naql.news.stages.extract import extract_due_entries
from naql.news.stages.poll import poll_due_endpoints
from naql.news.stages.publish import publish_due_articles
from naql.news.stages.runner import IngestReport, ingest_once

__all__ = [
    "IngestReport",
    "StageConfig",
    "extract_due_entries",
    "ingest_once",
    "poll_due_endpoints",
    "publish_due_articles",
]
