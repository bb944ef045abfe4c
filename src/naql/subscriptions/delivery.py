"""Draining the outbox over SMTP: lease a batch, send one message at a time per connection, mark
each sent.

The order of steps is the whole crash story. A row is leased (``lease_until``), handed to the
SMTP server, and marked sent in its own commit the moment the server says 250. Killed before the
hand-over, the row is still pending and its lease runs out: it is sent later, once. Killed between
the server's 250 and our commit, the row is sent again after the lease: that one message per
connection is the only duplicate the design allows, and it carries the same Message-ID. We err
towards a duplicate rather than a loss because a lost digest is invisible to everyone, while a
duplicate is visible, rare and mostly folded by mail clients.

Several connections (``DeliveryPolicy.connections``): each SMTP connection lives in a thread of
its own that only talks SMTP; every database read and write, and the rendering, stay in the
calling thread. A connection gets its next message only after the calling thread has committed
the previous one as sent, so at most one message per connection is ever in the window above.
The connections overlap the server's work with ours (the calling thread builds the next message
while the server digests the last), which is where the time of a single connection went.
"""

from __future__ import annotations

import logging
import os
import queue
import random
import smtplib
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from naql.errors import PermanentMailError, TransientMailError
from naql.subscriptions.mime import Envelope
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
    """How hard and how fast to send. ``max_per_second`` (0: no pacing) counts every connection
    of the process together; ``connections`` is how many SMTP connections send in parallel, and
    so how many messages a crash can leave in flight."""

    batch: int = 100
    lease: timedelta = timedelta(minutes=2)
    max_per_second: float = 0.0
    connections: int = 1
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


def _mark_sent(pks: list[int], worker: str) -> None:
    """``filter(pk__in=pks, state=PENDING, leased_by=worker).update(state=SENT, …)`` in plain
    SQL: this runs once per message, and building the ORM's UPDATE cost 0.8 ms of CPU against
    0.05 ms for the statement itself (measured on SQLite)."""
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    pk = connection.ops.quote_name(OutboxMessage._meta.pk.column)
    marks = ", ".join(["%s"] * len(pks))
    sql = (
        f"UPDATE {table} SET state = %s, sent_at = %s, lease_until = NULL, "  # noqa: S608 - names from the model, values as parameters
        f"attempts = attempts + 1, last_error = '' "
        f"WHERE {pk} IN ({marks}) AND state = %s AND leased_by = %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [OutboxState.SENT.value, now, *pks, OutboxState.PENDING.value, worker])


Result = tuple["_Line", OutboxMessage, Exception | None]


class _Line(threading.Thread):
    """One SMTP connection and the thread that talks over it. The calling thread opens it (it
    needs the server's extensions to build the message) and hands it one message at a time;
    this thread sends it and reports back. Nothing here touches the database."""

    def __init__(self, results: queue.SimpleQueue[Result]) -> None:
        super().__init__(name="naql-smtp", daemon=True)
        self.backend: EmailBackend | None = None
        self.eight_bit = False
        self._jobs: queue.SimpleQueue[tuple[OutboxMessage, Envelope] | None] = (
            queue.SimpleQueue()
        )
        self._results = results

    def submit(self, message: OutboxMessage, envelope: Envelope) -> None:
        """Send ``envelope``; the outcome arrives on the results queue."""
        if self.ident is None:
            self.start()
        self._jobs.put((message, envelope))

    def stop(self) -> None:
        """Finish the message in hand, close the connection, end the thread."""
        if self.ident is not None:
            self._jobs.put(None)
            self.join()
        self.close()

    def run(self) -> None:
        while (job := self._jobs.get()) is not None:
            message, envelope = job
            error: Exception | None = None
            try:
                connection = self.backend.connection if self.backend else None
                if connection is None:
                    raise smtplib.SMTPServerDisconnected("the SMTP connection is not open")
                options = ["BODY=8BITMIME"] if envelope.eight_bit else []
                connection.sendmail(envelope.sender, [envelope.recipient], envelope.data,
                                    mail_options=options)
            except Exception as e:  # reported, never raised: the caller waits for every result
                error = e
                if isinstance(classify(e, envelope.recipient), TransientMailError):
                    self.close()  # the connection may be half-dead: start clean next time
            self._results.put((self, message, error))
        self.close()

    def close(self) -> None:
        """Close the SMTP connection if one is open."""
        if self.backend is not None:
            try:
                self.backend.close()
            except (OSError, smtplib.SMTPException):
                log.warning("smtp close failed", exc_info=True)
            self.backend = None


class Sender:
    """Drains the outbox over ``policy.connections`` SMTP connections. One Sender per thread or
    process: the thread that calls ``run`` does all database work.

    ``connect`` returns an unopened Django email backend; tests and the benchmark pass one bound
    to their local server, production uses the EMAIL_* settings.
    """

    def __init__(self, policy: DeliveryPolicy,
                 connect: Callable[[], EmailBackend] | None = None) -> None:
        self.policy = policy
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._connect = connect or _smtp_backend
        self._stories = _StoryCache()
        self._bodies = BodyCache()
        self._bounced: set[int] = set()
        self._last_send = 0.0
        self._server_down = False
        self._claimed: deque[OutboxMessage] = deque()
        self._lease_until = timezone.now()

    def claim(self, now: datetime) -> list[OutboxMessage]:
        """Lease up to ``batch`` due rows; other workers skip them until the lease runs out."""
        with transaction.atomic():
            ids = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
                .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
                .order_by("next_attempt_at", "id")
                .values_list("pk", flat=True)[: self._batch_size()]
            )
            OutboxMessage.objects.filter(pk__in=ids).update(
                lease_until=now + self.policy.lease, leased_by=self.worker
            )
        self._lease_until = now + self.policy.lease
        return list(
            OutboxMessage.objects.filter(pk__in=ids, leased_by=self.worker)
            .select_related("subscriber")
            .order_by("pk")
        )

    def _batch_size(self) -> int:
        """``policy.batch``, or fewer when pacing could not send them all in half a lease."""
        rate = self.policy.max_per_second
        if rate <= 0:
            return self.policy.batch
        return max(1, min(self.policy.batch, int(rate * self.policy.lease.total_seconds() / 2)))

    def run(self) -> SendReport:
        """Send until nothing is due and unleased, or the server is unreachable (then the rest
        waits for the next run rather than burning its attempts); returns what happened."""
        report = SendReport()
        self._server_down = False
        results: queue.SimpleQueue[Result] = queue.SimpleQueue()
        lines = [_Line(results) for _ in range(max(1, self.policy.connections))]
        idle = list(reversed(lines))
        busy = 0
        try:
            while True:
                while idle and not self._server_down and (message := self._next()):
                    if self._dispatch(idle[-1], message, report):
                        idle.pop()
                        busy += 1
                if not busy:
                    break
                done = [results.get()]
                while not results.empty():
                    done.append(results.get())
                busy -= len(done)
                self._settle(done, report)
                idle.extend(line for line, _message, _error in done)
        finally:
            for line in lines:
                line.stop()
            self._release_claimed()
        return report

    def _next(self) -> OutboxMessage | None:
        """The next leased message, leasing a new batch when this one is used up, or when its
        lease is nearly over (a slow server): past the lease another worker may take the rows,
        and a message sent by both would be a second duplicate the design does not allow."""
        now = timezone.now()
        if self._claimed and now > self._lease_until - self.policy.lease / 4:
            self._release_claimed()
        if not self._claimed:
            self._claimed.extend(self.claim(now))
        return self._claimed.popleft() if self._claimed else None

    def _release_claimed(self) -> None:
        """Give back the leased rows not handed to a connection: due again at once."""
        pks = [message.pk for message in self._claimed]
        self._claimed.clear()
        if pks:
            OutboxMessage.objects.filter(pk__in=pks, leased_by=self.worker).update(
                lease_until=None
            )

    def _pace(self) -> None:
        if self.policy.max_per_second <= 0:
            return
        wait = self._last_send + 1.0 / self.policy.max_per_second - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_send = time.monotonic()

    def _open(self, line: _Line) -> None:
        """Open ``line``'s connection (here, not in its thread: the message is built for the
        server's extensions); raises what smtplib and the socket raise."""
        if line.backend is not None:
            return
        backend = self._connect()
        backend.open()
        line.backend = backend
        _no_delay(backend)
        connection = backend.connection
        if connection is None:
            raise smtplib.SMTPServerDisconnected("the SMTP connection did not open")
        connection.ehlo_or_helo_if_needed()
        line.eight_bit = bool(connection.has_extn("8bitmime"))

    def _dispatch(self, line: _Line, message: OutboxMessage, report: SendReport) -> bool:
        """Hand ``message`` to ``line``; False when it was settled here instead (cancelled, or
        the connection would not open)."""
        # The status was read at claim time (a second or so ago); a bounce earlier in this run
        # is known here, and an unsubscribe since then cancels the row, so marking sent later
        # (which requires PENDING) leaves it cancelled.
        if (message.subscriber_id in self._bounced or not _eligible(message)
                or not self._has_stories(message)):
            self._mine(message.pk).update(state=OutboxState.CANCELLED, lease_until=None)
            report.cancelled += 1
            return False
        try:
            self._open(line)
        except (OSError, smtplib.SMTPException) as e:
            line.close()
            self._settle([(line, message, e)], report)
            return False
        envelope = build_email(message, self._stories, self._bodies, eight_bit=line.eight_bit)
        self._pace()
        line.submit(message, envelope)
        return True

    def _has_stories(self, message: OutboxMessage) -> bool:
        """False for a digest none of whose stories can still be shown (all hidden since it
        was planned): an empty digest is not sent, as planning skips one."""
        if message.kind != MessageKind.DIGEST:
            return True
        found = self._stories(list(message.story_ids))
        return any(i in found for i in message.story_ids)

    def _mine(self, pk: int) -> QuerySet[OutboxMessage]:
        return OutboxMessage.objects.filter(pk=pk, state=OutboxState.PENDING,
                                            leased_by=self.worker)

    def _settle(self, done: list[Result], report: SendReport) -> None:
        """Record what the connections report: every accepted message in one commit (before
        its connection gets another), each failure on its own."""
        sent = [message.pk for _line, message, error in done if error is None]
        if sent:
            # The in-flight window closes here: the server has these, now the database knows.
            _mark_sent(sent, self.worker)
            report.sent += len(sent)
        for _line, message, error in done:
            if error is None:
                continue
            failure = classify(error, message.subscriber.email)
            self._server_down = self._server_down or _connection_lost(error)
            if isinstance(failure, PermanentMailError):
                refused = isinstance(error, smtplib.SMTPRecipientsRefused)
                self._fail(message, str(failure), report, bounce=refused)
            else:
                self._retry(message, str(failure), report)
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
