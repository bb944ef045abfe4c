"""Planning editions: who is due, what their digest carries, one outbox row each.

Planning a batch of subscribers is one transaction: the outbox rows, the edition's counts and
each subscriber's advanced ``next_due_at``/``covered_until`` commit together or not at all. A
planner killed half-way leaves those subscribers still due, and the (subscriber, edition)
unique constraint makes a second planner's rows for the same slot collide instead of doubling.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from naql.subscriptions.models import (
    Edition,
    MessageKind,
    OutboxMessage,
    Status,
    Subscriber,
)
from naql.subscriptions.schedule import next_due
from naql.subscriptions.selection import Interests, StoryItem, load_items, pick

# A digest never reaches further back than this, however long a subscriber went without one.
LOOKBACK = timedelta(days=8)
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class PlanReport:
    """What one planning pass did: editions touched, messages queued, subscribers skipped
    because nothing new matched their interests."""

    editions: int
    planned: int
    skipped: int


def _since(subscriber: Subscriber, now: datetime) -> datetime:
    start = subscriber.covered_until or subscriber.confirmed_at or subscriber.created_at
    return max(start, now - LOOKBACK)


def _interests(subscriber: Subscriber) -> Interests:
    return Interests.build(
        (s.pk for s in subscriber.sections.all()),
        (s.pk for s in subscriber.sources.all()),
        subscriber.keywords or [],
    )


def _plan_chunk(ids: list[int], due_at: datetime, frequency: str, now: datetime,
                items: list[StoryItem]) -> tuple[int, int]:
    """Plan one chunk of subscribers sharing a slot; returns (planned, skipped)."""
    with transaction.atomic():
        edition, _created = Edition.objects.get_or_create(
            key=f"{frequency}:{due_at.isoformat()}",
            defaults={"frequency": frequency, "due_at": due_at},
        )
        subscribers = list(
            Subscriber.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, status=Status.ACTIVE, next_due_at__lte=now)
            .prefetch_related("sections", "sources")
        )
        messages = []
        for sub in subscribers:
            story_ids = pick(items, _interests(sub), _since(sub, now))
            if story_ids:
                messages.append(
                    OutboxMessage(subscriber=sub, edition=edition, kind=MessageKind.DIGEST,
                                  story_ids=story_ids, next_attempt_at=timezone.now())
                )
            sub.covered_until = now
            sub.next_due_at = next_due(sub.frequency, now, sub.hour, sub.time_zone, sub.weekday)
        OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)
        Subscriber.objects.bulk_update(subscribers, ["covered_until", "next_due_at"],
                                       batch_size=500)
        planned, skipped = len(messages), len(subscribers) - len(messages)
        Edition.objects.filter(pk=edition.pk).update(
            planned_count=F("planned_count") + planned, skipped_count=F("skipped_count") + skipped
        )
    return planned, skipped


def plan_due(now: datetime) -> PlanReport:
    """Queue every digest due at ``now`` (an aware datetime); safe to call again at any time."""
    due = list(
        Subscriber.objects.filter(status=Status.ACTIVE, next_due_at__lte=now).values_list(
            "pk", "frequency", "next_due_at"
        )
    )
    if not due:
        return PlanReport(0, 0, 0)
    slots: dict[tuple[str, datetime], list[int]] = defaultdict(list)
    for pk, frequency, due_at in due:
        if due_at is not None:  # filtered above; the check is for the type checker
            slots[(frequency, due_at)].append(pk)
    items = list(load_items(since=now - LOOKBACK, until=now).values())
    planned = skipped = 0
    for (frequency, due_at), ids in sorted(slots.items()):
        for start in range(0, len(ids), CHUNK):
            p, s = _plan_chunk(ids[start : start + CHUNK], due_at, frequency, now, items)
            planned += p
            skipped += s
    return PlanReport(editions=len(slots), planned=planned, skipped=skipped)
