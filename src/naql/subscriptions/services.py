"""What the web views and the ``naql subscribers`` / ``naql mail`` commands call.

Plain functions over the models that return values or raise the typed errors of
``naql.subscriptions.errors``; nothing here knows about requests or argument parsing.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naql.errors import InputError
from naql.sources.models import Section
from naql.subscriptions.addresses import normalize_email
from naql.subscriptions.delivery import DeliveryPolicy, Sender, SendReport
from naql.subscriptions.errors import InvalidAddress, UnknownSubscriber
from naql.subscriptions.models import (
    Frequency,
    MessageKind,
    OutboxMessage,
    OutboxState,
    Status,
    Subscriber,
    new_link_key,
)
from naql.subscriptions.planning import PlanReport, plan_due
from naql.subscriptions.ratelimit import Limit, hit, prune
from naql.subscriptions.schedule import next_due

PER_ADDRESS = Limit("addr", 3, timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``import_csv`` did: rows added, rows already present, rows refused (line, reason)."""

    added: int
    existing: int
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Rows now subscribed from this file, new or updated."""
        return self.added + self.existing


@dataclass(frozen=True, slots=True)
class DueReport:
    """One ``send_due`` pass: what planning queued and what delivery did."""

    plan: PlanReport
    delivery: SendReport

    def as_dict(self) -> dict[str, int]:
        """The JSON ``naql mail send-due --json`` prints."""
        d = self.delivery
        return {
            "editions": self.plan.editions, "planned": self.plan.planned,
            "skipped": self.plan.skipped, "sent": d.sent, "retried": d.retried,
            "failed": d.failed, "bounced": d.bounced, "cancelled": d.cancelled,
        }

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.as_dict().items())


def _frequency(value: str) -> str:
    value = (value or Frequency.DAILY).strip().lower()
    if value not in Frequency.values:
        raise InputError(
            _("التكرار %(value)s غير معروف: اختر instant أو daily أو weekly.") % {"value": value}
        )
    return value


def _sections(slugs: list[str]) -> list[Section]:
    wanted = [s.strip() for s in slugs if s.strip()]
    found = list(Section.objects.filter(slug__in=wanted))
    missing = sorted(set(wanted) - {s.slug for s in found})
    if missing:
        raise InputError(_("أقسام غير موجودة: %(names)s") % {"names": "، ".join(missing)})
    return found


def activate(subscriber: Subscriber, now: datetime) -> None:
    """Make ``subscriber`` active from ``now``: first digest at their next slot (caller saves)."""
    subscriber.status = Status.ACTIVE
    subscriber.confirm_nonce = ""
    subscriber.confirmed_at = subscriber.confirmed_at or now
    subscriber.unsubscribed_at = None
    subscriber.covered_until = now
    subscriber.next_due_at = next_due(
        subscriber.frequency, now, subscriber.hour, subscriber.time_zone, subscriber.weekday
    )


def reschedule(subscriber: Subscriber, now: datetime) -> None:
    """Recompute the next slot after a preference change (caller saves)."""
    if subscriber.status == Status.ACTIVE:
        subscriber.next_due_at = next_due(
            subscriber.frequency, now, subscriber.hour, subscriber.time_zone, subscriber.weekday
        )


def add_subscriber(email: str, frequency: str = Frequency.DAILY, sections: list[str] | None = None,
                   *, confirmed: bool = False) -> Subscriber:
    """Operator add: create or update ``email``; ``confirmed`` skips double opt-in (the operator
    vouches for consent); otherwise a confirmation mail is queued. Raises InvalidAddress/InputError.
    """
    address = normalize_email(email)
    chosen = _sections(sections or [])
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=address, defaults={"frequency": _frequency(frequency)}
        )
        if not created:
            subscriber.frequency = _frequency(frequency)
        if confirmed and subscriber.status != Status.ACTIVE:
            activate(subscriber, now)
        elif not confirmed and subscriber.status in (Status.PENDING, Status.UNSUBSCRIBED):
            _queue_confirmation(subscriber)
        reschedule(subscriber, now)
        subscriber.save()
        if chosen:
            subscriber.sections.set(chosen)
    return subscriber


def _queue_confirmation(subscriber: Subscriber) -> None:
    if subscriber.status == Status.UNSUBSCRIBED:
        subscriber.status = Status.PENDING
        subscriber.next_due_at = None
    subscriber.confirm_nonce = secrets.token_urlsafe(12)
    subscriber.save()
    OutboxMessage.objects.filter(
        subscriber=subscriber, kind=MessageKind.CONFIRM, state=OutboxState.PENDING
    ).update(state=OutboxState.CANCELLED)
    OutboxMessage.objects.create(subscriber=subscriber, kind=MessageKind.CONFIRM)


def request_subscription(email: str, now: datetime) -> None:
    """The public form's action. Does the same visible thing whatever the address's state (no
    enumeration): a new or pending address gets a confirmation, an active one a reminder with
    its preferences link, a bounced one nothing. The per-address limit drops requests silently
    for the same reason. Raises InvalidAddress for malformed input only."""
    address = normalize_email(email)
    if not hit(PER_ADDRESS, address, now):
        return
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=address)
        if subscriber.status == Status.ACTIVE:
            OutboxMessage.objects.create(subscriber=subscriber, kind=MessageKind.ALREADY)
        elif subscriber.status != Status.BOUNCED:
            _queue_confirmation(subscriber)


def confirm(subscriber: Subscriber, now: datetime) -> None:
    """Use a confirmation: the subscriber becomes active and the link becomes spent."""
    with transaction.atomic():
        activate(subscriber, now)
        subscriber.save()


def unsubscribe(subscriber: Subscriber, now: datetime) -> None:
    """Stop all mail at once, keeping preferences so the undo page can restore them."""
    with transaction.atomic():
        if subscriber.status == Status.ACTIVE:
            subscriber.status = Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = now
            subscriber.next_due_at = None
            subscriber.save()
        OutboxMessage.objects.filter(subscriber=subscriber, state=OutboxState.PENDING).update(
            state=OutboxState.CANCELLED
        )


def resubscribe(subscriber: Subscriber, now: datetime) -> bool:
    """Undo an unsubscribe (only that: a bounced address stays stopped). True if it changed."""
    if subscriber.status != Status.UNSUBSCRIBED:
        return False
    activate(subscriber, now)
    subscriber.save()
    return True


def delete_subscriber(subscriber: Subscriber) -> None:
    """Remove every trace of the person: the row, its outbox, its preferences, its links."""
    subscriber.delete()


def remove_subscriber(email: str) -> None:
    """Operator removal by address; raises UnknownSubscriber or InvalidAddress."""
    address = normalize_email(email)
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is None:
        raise UnknownSubscriber(_("لا يوجد مشترك بالعنوان %(email)s.") % {"email": address})
    delete_subscriber(subscriber)


def list_subscribers() -> list[dict[str, Any]]:
    """Every subscriber as a JSON-ready dict, for ``naql subscribers list --json``."""
    rows = []
    for s in Subscriber.objects.order_by("email").prefetch_related("sections"):
        rows.append({
            "email": s.email,
            "status": s.status,
            "frequency": s.frequency,
            "hour": s.hour,
            "time_zone": s.time_zone,
            "sections": sorted(x.slug for x in s.sections.all()),
            "keywords": list(s.keywords or []),
            "created_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "next_due_at": s.next_due_at.isoformat() if s.next_due_at else None,
        })
    return rows


def export_csv() -> str:
    """Subscribers as CSV with the import's columns (``email,frequency,sections``) plus status."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "frequency", "sections", "status"])
    for row in list_subscribers():
        writer.writerow([row["email"], row["frequency"], " ".join(row["sections"]),
                         row["status"]])
    return out.getvalue()


def import_csv(path: Path, *, confirmed: bool = False) -> ImportReport:
    """Add the rows of a CSV file (``email,frequency,sections``; sections space-separated).

    A bad row is reported with its line number and skipped; the good rows are kept. A file that
    cannot be read at all raises InputError.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        message = _("تعذّرت قراءة الملف %(path)s: %(error)s") % {"path": path, "error": e}
        raise InputError(message) from e
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in reader.fieldnames:
        raise InputError(_("الملف يجب أن يبدأ بسطر أعمدة فيه email (ثم frequency وsections)."))
    added = existing = 0
    errors: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        try:
            address = normalize_email(row.get("email") or "")
            known = Subscriber.objects.filter(email=address).exists()
            add_subscriber(address, row.get("frequency") or Frequency.DAILY,
                           (row.get("sections") or "").split(), confirmed=confirmed)
        except (InvalidAddress, InputError) as e:
            errors.append((line, str(e)))
            continue
        existing += int(known)
        added += int(not known)
    return ImportReport(added=added, existing=existing, errors=errors)


def send_due(now: datetime, policy: DeliveryPolicy | None = None) -> DueReport:
    """Plan every edition due at ``now`` and drain the outbox; safe to interrupt and re-run."""
    plan = plan_due(now)
    delivery = Sender(policy or DeliveryPolicy()).run()
    prune(now - timedelta(days=2))
    return DueReport(plan=plan, delivery=delivery)


def rotate_links(subscriber: Subscriber) -> None:
    """Revoke every link ever sent to ``subscriber`` (e.g. after a leaked email)."""
    subscriber.link_key = new_link_key()
    subscriber.save(update_fields=["link_key"])
