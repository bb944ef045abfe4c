"""Loading already-extracted articles (JSON Lines) straight into the publish stages."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from naql.fetch import canonicalize_url
from naql.news.models import Article
from naql.news.stages.sections import section_for
from naql.sources.models import Source
from naql.sources.services import unique_slug


@dataclass(slots=True)
class ImportReport:
    """How an import went: counts, and one message per skipped line (with its number)."""

    imported: int = 0
    already_known: int = 0
    errors: list[str] = field(default_factory=list)


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _source(name: str, url: str, cache: dict[str, Source]) -> Source:
    if name in cache:
        return cache[name]
    source = Source.objects.filter(slug=name).first() or Source.objects.filter(name=name).first()
    if source is None:
        parts = urlsplit(url)
        source = Source.objects.create(
            slug=unique_slug(name), name=name, homepage=f"{parts.scheme}://{parts.netloc}/"
        )
    cache[name] = source
    return source


def _record(line: str) -> dict[str, Any]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("the line is not a JSON object")
    missing = [k for k in ("url", "source", "title", "body") if not record.get(k)]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    return record


def import_lines(lines: Iterable[str]) -> ImportReport:
    """Store each valid record as a pending article; skip bad lines, reporting their numbers."""
    report = ImportReport()
    sources: dict[str, Source] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = _record(line)
            published = _parse_time(record.get("published")) or timezone.now()
        except ValueError as e:
            report.errors.append(f"line {number}: {e}")
            continue
        paragraphs = [p.strip() for p in str(record["body"]).split("\n\n") if p.strip()]
        try:
            with transaction.atomic():
                source = _source(str(record["source"]), str(record["url"]), sources)
                Article.objects.create(
                    source=source,
                    url=canonicalize_url(str(record["url"])),
                    title=str(record["title"]),
                    author=str(record.get("author") or "")[:300],
                    published_at=published,
                    body_text="\n\n".join(paragraphs),
                    body_html="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
                    section=section_for(source, record.get("section")),
                )
            report.imported += 1
        except IntegrityError:
            report.already_known += 1
    return report
