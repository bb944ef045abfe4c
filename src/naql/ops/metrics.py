"""Prometheus metrics in the text exposition format (version 0.0.4), counted from the database.

Why no client library and no in-process counters: naql runs as several processes (web, workers,
scheduler) on several hosts, and in-process counters would each see a slice and reset on
restart. The database holds the whole truth, so every scrape asks it; each family below is one
cheap aggregate query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from naql.news.models import Article, Entry, Story
from naql.ops.health import Status, source_health
from naql.ops.probes import site_health

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Family:
    """One metric family: name, help, type and its samples as (labels, value)."""

    name: str
    help: str
    type: str = "gauge"
    samples: tuple[tuple[tuple[tuple[str, str], ...], float], ...] = field(default=())  # Sample


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def render(families: Iterable[Family]) -> str:
    """The exposition text of ``families``."""
    lines: list[str] = []
    for f in families:
        lines.append(f"# HELP {f.name} {f.help}")
        lines.append(f"# TYPE {f.name} {f.type}")
        for labels, value in f.samples:
            label_text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
            number = repr(float(value)) if value != int(value) else str(int(value))
            lines.append(f"{f.name}{{{label_text}}} {number}" if labels else f"{f.name} {number}")
    return "\n".join(lines) + "\n"


Sample = tuple[tuple[tuple[str, str], ...], float]


def _by(rows: Iterable[dict[str, Any]], key: str, label: str) -> tuple[Sample, ...]:
    """Samples labelled ``label`` from ``values(key).annotate(n=Count(...))`` rows."""
    return tuple((((label, str(r[key])),), float(r["n"])) for r in rows)


def _content() -> Iterator[Family]:
    yield Family(
        "naql_articles", "Stored articles by pipeline state.",
        samples=_by(Article.objects.values("state").annotate(n=Count("id")), "state", "state"),
    )
    yield Family(
        "naql_articles_hidden", "Articles taken down by an editor.",
        samples=(((), float(Article.objects.filter(hidden=True).count())),),
    )
    yield Family(
        "naql_entries", "Discovered article URLs by state.",
        samples=_by(Entry.objects.values("state").annotate(n=Count("id")), "state", "state"),
    )
    rejected = (
        Entry.objects.exclude(reject_reason="").values("reject_reason").annotate(n=Count("id"))
    )
    yield Family(
        "naql_entries_rejected", "Pages that gave no article, by reason.",
        samples=_by(rejected, "reject_reason", "reason"),
    )
    yield Family("naql_stories", "Stories.", samples=(((), float(Story.objects.count())),))


def _sources(now: datetime) -> Iterator[Family]:
    report = source_health(now, days=1)
    yield Family(
        "naql_sources", "Sources by health status.",
        samples=tuple(
            ((("status", s),), float(sum(1 for h in report if h.status == s)))
            for s in Status.ORDER
        ),
    )
    failing = tuple(
        ((("source", h.slug), ("kind", h.last_error_kind or "unknown")),
         float(h.consecutive_failures))
        for h in report if h.consecutive_failures
    )
    yield Family(
        "naql_source_consecutive_failures", "Failed polls in a row, per failing source.",
        samples=failing,
    )


def _mail() -> Iterator[Family]:
    # The subscriptions app is optional for a site that sends no mail: count what exists.
    for model_name, metric, help_text, key in (
        ("Subscriber", "naql_subscribers", "Subscribers by status.", "status"),
        ("OutboxMessage", "naql_emails", "Emails by delivery state.", "state"),
    ):
        try:
            model = apps.get_model("subscriptions", model_name)
        except LookupError:
            continue
        rows = model.objects.values(key).annotate(n=Count("id"))
        yield Family(metric, help_text, samples=_by(rows, key, key))


def collect(now: datetime | None = None) -> list[Family]:
    """Every metric family at ``now``; the database being down is itself a metric."""
    now = now or timezone.now()
    health = site_health(now)
    families = [
        Family("naql_database_up", "1 when the database answers.",
               samples=(((), 1.0 if health.database else 0.0),)),
    ]
    if not health.database:
        return families
    families.append(Family(
        "naql_queue_due", "Rows due for a stage now.",
        samples=tuple(((("stage", q.stage),), float(q.due)) for q in health.queues),
    ))
    families.append(Family(
        "naql_queue_lag_seconds", "How long the oldest due row of a stage has waited.",
        samples=tuple(((("stage", q.stage),), q.lag_seconds) for q in health.queues),
    ))
    families.extend(_content())
    families.extend(_sources(now))
    families.extend(_mail())
    return families
