"""Draining the outbox over SMTP: lease a batch, send one message at a time, mark each sent.

The order of steps is the whole crash story. A row is leased (``lease_until``), handed to the
SMTP server, and marked sent in its own commit the moment the server says 250. Killed before the
hand-over, the row is still pending and its lease runs out: it is sent later, once. Killed between
the server's 250 and our commit, the row is sent again after the lease: that one message per
connection is the only duplicate the design allows, and it carries the same Message-ID. We err
towards a duplicate rather than a loss because a lost digest is invisible to everyone, while a
duplicate is visible, rare and mostly folded by mail clients.
"""

from __future__ import annotations

import logging
import os
import random
import smtplib
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from naql.errors import PermanentMailError, TransientMailError
from naql.subscriptions.models import (
    MessageKind,
    OutboxMessage,
    OutboxState,
    Status,
    Subscriber,
)
from naql.subscriptions.rendering import BodyCache, build_email
from naql.subscriptions.selection import StoryItem, load_items

log = logging.getLogger("naql.subscriptions.delivery")


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How hard and how fast to send. ``max_per_second`` 0 means no pacing."""

    batch: int = 20
    lease: timedelta = timedelta(minutes=2)
    max_per_second: float = 0.0
    max_attempts: int = 8
    backoff: timedelta = timedelta(minutes=1)
    max_backoff: timedelta = timedelta(hours=6)


@dataclass(slots=True)
class SendReport:
    """Counts of one delivery pass, by outcome."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    bounced: int = 0
    cancelled: int = 0

    def add(self, other: SendReport) -> None:
        """Fold another pass's counts into this one."""
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.bounced += other.bounced
        self.cancelled += other.cancelled


def classify(error: Exception, address: str) -> TransientMailError | PermanentMailError:
    """Map smtplib's and the socket's errors to naql's: 5xx permanent, everything else retried."""
    code = 0
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = error.recipients.get(address, (0, b""))[0]
    elif isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
    if 500 <= code < 600:
        return PermanentMailError(f"SMTP {code}: {error}")
    return TransientMailError(f"SMTP {code or 'connection'}: {error}")


def _smtp_backend() -> EmailBackend:
    """Django's SMTP backend configured from the EMAIL_* settings (NAQL_SMTP_URL)."""
    backend = get_connection("django.core.mail.backends.smtp.EmailBackend", fail_silently=False)
    assert isinstance(backend, EmailBackend)
    return backend


def _no_delay(backend: EmailBackend) -> None:
    """Turn off Nagle's algorithm on the SMTP socket. smtplib writes a command and waits for
    the reply; with Nagle and delayed ACKs each message stalls ~40 ms (measured: 13 messages/s
    on loopback before, see benchmarks/RESULTS.md)."""
    sock = getattr(getattr(backend, "connection", None), "sock", None)
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _connection_lost(error: Exception) -> bool:
    """True when the server, not this one message, is the problem (smtplib's errors are
    OSErrors too, so the order of the checks matters)."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


@dataclass
class _StoryCache:
    """Story items rendered once per delivery pass and shared by every digest that cites them."""

    items: dict[int, StoryItem] = field(default_factory=dict)

    def __call__(self, ids: list[int]) -> Mapping[int, StoryItem]:
        missing = [i for i in ids if i not in self.items]
        if missing:
            self.items.update(load_items(story_ids=missing))
        return self.items


def _eligible(message: OutboxMessage) -> bool:
    status = message.subscriber.status
    if message.kind == MessageKind.CONFIRM:
        return status == Status.PENDING
    return status == Status.ACTIVE


class Sender:
    """One SMTP connection's worth of delivery. Not thread-safe: one Sender per thread/process.

    ``connect`` returns an unopened Django email backend; tests and the benchmark pass one bound
    to their local server, production uses the EMAIL_* settings.
    """

    def __init__(self, policy: DeliveryPolicy,
                 connect: Callable[[], EmailBackend] | None = None) -> None:
        self.policy = policy
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._connect = connect or _smtp_backend
        self._backend: EmailBackend | None = None
        self._stories = _StoryCache()
        self._bodies = BodyCache()
        self._bounced: set[int] = set()
        self._last_send = 0.0
        self._server_down = False

    def claim(self, now: datetime) -> list[OutboxMessage]:
        """Lease up to ``batch`` due rows; other workers skip them until the lease runs out."""
        with transaction.atomic():
            ids = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
                .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
                .order_by("next_attempt_at", "id")
                .values_list("pk", flat=True)[: self.policy.batch]
            )
            OutboxMessage.objects.filter(pk__in=ids).update(
                lease_until=now + self.policy.lease, leased_by=self.worker
            )
        return list(
            OutboxMessage.objects.filter(pk__in=ids, leased_by=self.worker)
            .select_related("subscriber")
            .order_by("pk")
        )

    def run(self) -> SendReport:
        """Send until nothing is due and unleased, or the server is unreachable (then the rest
        waits for the next run rather than burning its attempts); returns what happened."""
        report = SendReport()
        self._server_down = False
        try:
            while not self._server_down and (batch := self.claim(timezone.now())):
                for message in batch:
                    if self._server_down:
                        self._release(message)
                    else:
                        self._deliver(message, report)
        finally:
            self.close()
        return report

    def _release(self, message: OutboxMessage) -> None:
        OutboxMessage.objects.filter(pk=message.pk, leased_by=self.worker).update(
            lease_until=None
        )

    def close(self) -> None:
        """Close the SMTP connection if one is open."""
        if self._backend is not None:
            try:
                self._backend.close()
            except (OSError, smtplib.SMTPException):
                log.warning("smtp close failed", exc_info=True)
            self._backend = None

    def _pace(self) -> None:
        if self.policy.max_per_second <= 0:
            return
        wait = self._last_send + 1.0 / self.policy.max_per_second - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_send = time.monotonic()

    def _send(self, message: OutboxMessage) -> None:
        envelope = build_email(message, self._stories, self._bodies)
        self._pace()
        try:
            if self._backend is None:
                self._backend = self._connect()
                self._backend.open()
                _no_delay(self._backend)
            # Django's backend owns the connection (host, port, SSL, login from settings); the
            # message is already serialized, so it goes straight to smtplib.
            connection = self._backend.connection
            if connection is None:
                raise smtplib.SMTPServerDisconnected("the SMTP connection did not open")
            connection.sendmail(envelope.sender, [envelope.recipient], envelope.data)
        except (OSError, smtplib.SMTPException) as e:
            error = classify(e, message.subscriber.email)
            self._server_down = _connection_lost(e)
            if isinstance(error, TransientMailError):
                self.close()  # the connection may be half-dead: start clean next time
            raise error from e

    def _deliver(self, message: OutboxMessage, report: SendReport) -> None:
        mine = OutboxMessage.objects.filter(
            pk=message.pk, state=OutboxState.PENDING, leased_by=self.worker
        )
        # The status was read at claim time (a second or so ago); a bounce earlier in this batch
        # is known here, and an unsubscribe since then cancels the row, so marking sent below
        # (which requires PENDING) leaves it cancelled.
        if message.subscriber_id in self._bounced or not _eligible(message):
            mine.update(state=OutboxState.CANCELLED, lease_until=None)
            report.cancelled += 1
            return
        try:
            self._send(message)
        except PermanentMailError as e:
            refused = isinstance(e.__cause__, smtplib.SMTPRecipientsRefused)
            self._fail(message, str(e), report, bounce=refused)
            return
        except TransientMailError as e:
            self._retry(message, str(e), report)
            return
        # The in-flight window: the server has the message, this commit has not happened yet.
        mine.update(state=OutboxState.SENT, sent_at=timezone.now(), lease_until=None,
                    attempts=message.attempts + 1, last_error="")
        report.sent += 1

    def _retry(self, message: OutboxMessage, error: str, report: SendReport) -> None:
        attempts = message.attempts + 1
        if attempts >= self.policy.max_attempts:
            self._fail(message, error, report, bounce=False)
            return
        delay = min(self.policy.backoff * 2 ** (attempts - 1), self.policy.max_backoff)
        delay += self.policy.backoff * random.random()  # jitter: retries do not stampede
        OutboxMessage.objects.filter(pk=message.pk, leased_by=self.worker).update(
            attempts=attempts, next_attempt_at=timezone.now() + delay, lease_until=None,
            last_error=error[:1000],
        )
        log.info("smtp retry later", extra={"outbox_id": message.pk, "attempts": attempts})
        report.retried += 1

    def _fail(self, message: OutboxMessage, error: str, report: SendReport, *,
              bounce: bool) -> None:
        with transaction.atomic():
            OutboxMessage.objects.filter(pk=message.pk).update(
                state=OutboxState.FAILED, attempts=message.attempts + 1, lease_until=None,
                last_error=error[:1000],
            )
            if bounce:
                self._bounced.add(message.subscriber_id)
                # The address is refused for good: stop planning for it, keep nothing pending.
                Subscriber.objects.filter(pk=message.subscriber_id).update(
                    status=Status.BOUNCED, bounce_reason=error[:1000], next_due_at=None
                )
                OutboxMessage.objects.filter(
                    subscriber_id=message.subscriber_id, state=OutboxState.PENDING
                ).update(state=OutboxState.CANCELLED)
        report.failed += 1
        report.bounced += int(bounce)
