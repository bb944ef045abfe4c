"""Run every stage until there is no due work left: ``naql ingest --once``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from naql.news.copydesk import CopyDesk
from naql.news.stages.context import StageConfig
from naql.news.stages.extract import extract_due_entries
from naql.news.stages.poll import poll_due_endpoints
from naql.news.stages.publish import publish_due_articles
from naql.sources.hostgate import worker_crawler


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did."""

    entries: int
    articles: int
    published: int


def ingest_once(config: StageConfig | None = None, now: datetime | None = None) -> IngestReport:
    """Poll, extract and publish until a full pass finds nothing due."""
    config = config or StageConfig.from_settings()
    entries = articles = published = 0
    desk = CopyDesk()
    with worker_crawler(config.policy) as crawler:
        while True:
            at = now or timezone.now()
            e = poll_due_endpoints(config, crawler, at)
            a = extract_due_entries(config, crawler, at)
            p = publish_due_articles(config, at, desk=desk)
            entries, articles, published = entries + e, articles + a, published + p
            if e == a == p == 0:
                return IngestReport(entries, articles, published)
