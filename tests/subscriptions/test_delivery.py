"""The outbox against a real SMTP server: reuse of one connection, retries on 4xx, bounces on
5xx, leases held by a dead worker, and the (subscriber, edition) uniqueness."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from naql.subscriptions.delivery import DeliveryPolicy, Sender
from naql.subscriptions.models import (
    Edition,
    MessageKind,
    OutboxMessage,
    OutboxState,
    Status,
    Subscriber,
)
from naql.subscriptions.planning import plan_due
from tests.subscriptions.conftest import Newsroom, SmtpServer

pytestmark = pytest.mark.django_db


def _queue(address: str, edition: Edition | None = None) -> OutboxMessage:
    subscriber, _ = Subscriber.objects.get_or_create(
        email=address, defaults={"status": Status.ACTIVE, "confirmed_at": timezone.now()}
    )
    kind = MessageKind.DIGEST if edition else MessageKind.ALREADY
    return OutboxMessage.objects.create(subscriber=subscriber, edition=edition, kind=kind)


def test_one_connection_carries_a_whole_run(mail_settings: SmtpServer) -> None:
    for i in range(30):
        _queue(f"r{i}@example.com")
    report = Sender(DeliveryPolicy(batch=7)).run()
    assert report.sent == 30
    assert mail_settings.recorder.count() == 30
    assert mail_settings.recorder.sessions == 1
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 30


def test_a_temporary_refusal_is_retried_later_with_backoff(mail_settings: SmtpServer) -> None:
    message = _queue("busy@example.com")
    _queue("fine@example.com")
    mail_settings.recorder.refuse["busy@example.com"] = "451 4.3.0 mailbox busy, try later"
    before = timezone.now()
    report = Sender(DeliveryPolicy(backoff=timedelta(minutes=1))).run()
    assert (report.sent, report.retried) == (1, 1)
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    assert "451" in message.last_error
    assert Subscriber.objects.get(email="busy@example.com").status == Status.ACTIVE

    assert Sender(DeliveryPolicy()).run().sent == 0  # not due yet: nothing is hammered
    del mail_settings.recorder.refuse["busy@example.com"]
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert Sender(DeliveryPolicy()).run().sent == 1
    assert len(mail_settings.recorder.to("busy@example.com")) == 1


def test_retries_give_up_after_the_last_attempt(mail_settings: SmtpServer) -> None:
    message = _queue("flaky@example.com")
    mail_settings.recorder.refuse["flaky@example.com"] = "421 4.7.0 come back later"
    policy = DeliveryPolicy(max_attempts=3, backoff=timedelta(0))
    for _ in range(3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        Sender(policy).run()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, 3)
    # A mailbox that is only temporarily unavailable is not marked as a bad address.
    assert Subscriber.objects.get().status == Status.ACTIVE


def test_a_permanent_refusal_marks_the_address_and_stops_its_mail(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    message = _queue("gone@example.com")
    _queue("gone@example.com")
    mail_settings.recorder.refuse["gone@example.com"] = "550 5.1.1 no such user"
    report = Sender(DeliveryPolicy()).run()
    assert (report.failed, report.bounced) == (1, 1)
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.BOUNCED
    assert "550" in subscriber.bounce_reason
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).count() == 0
    newsroom.article(newsroom.source("s", "مصدر"), "خبر", "نص")
    assert plan_due(timezone.now() + timedelta(days=2)).planned == 0


def test_a_dead_workers_lease_is_respected_then_taken_over(mail_settings: SmtpServer) -> None:
    message = _queue("leased@example.com")
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() + timedelta(minutes=5), leased_by="dead-worker"
    )
    assert Sender(DeliveryPolicy()).run().sent == 0
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert Sender(DeliveryPolicy()).run().sent == 1
    assert len(mail_settings.recorder.to("leased@example.com")) == 1


def test_one_message_per_subscriber_and_edition(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    edition = Edition.objects.create(key="daily:test", frequency="daily", due_at=timezone.now())
    _queue("once@example.com", edition)
    with pytest.raises(IntegrityError), transaction.atomic():
        _queue("once@example.com", edition)
    subscriber = Subscriber.objects.get()
    due = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).update(
        next_due_at=due, covered_until=due - timedelta(hours=1)
    )
    newsroom.article(newsroom.source("s", "مصدر"), "خبر", "نص")
    assert plan_due(due).planned == 1
    # The same slot again, as after a crash before the subscriber row was advanced:
    Subscriber.objects.filter(pk=subscriber.pk).update(
        next_due_at=due, covered_until=due - timedelta(hours=1)
    )
    plan_due(due)
    assert OutboxMessage.objects.filter(kind=MessageKind.DIGEST).count() == 2  # test + slot
    assert OutboxMessage.objects.filter(edition__key__startswith="daily:2").count() == 1


def test_an_unreachable_server_keeps_every_message(settings: object,
                                                   mail_settings: SmtpServer) -> None:
    from tests.subscriptions.conftest import free_port

    _queue("a@example.com")
    _queue("b@example.com")
    settings.EMAIL_PORT = free_port()  # type: ignore[attr-defined]  # nothing listens there
    report = Sender(DeliveryPolicy(backoff=timedelta(0))).run()
    assert report.sent == 0
    assert report.retried == 1  # the first failure stops the run; the other waits untouched
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.PENDING}


def test_several_connections_send_everything_once(mail_settings: SmtpServer) -> None:
    for i in range(40):
        _queue(f"p{i}@example.com")
    report = Sender(DeliveryPolicy(batch=9, connections=3)).run()
    assert report.sent == 40
    received = [r for m in mail_settings.recorder.messages for r in m.rcpt_tos]
    assert sorted(received) == sorted(f"p{i}@example.com" for i in range(40))
    assert 1 <= mail_settings.recorder.sessions <= 3
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {(OutboxState.SENT, 1)}
    assert not OutboxMessage.objects.filter(lease_until__isnull=False).exists()


def test_several_connections_keep_bounces_and_retries_apart(mail_settings: SmtpServer) -> None:
    for i in range(12):
        _queue(f"q{i}@example.com")
    mail_settings.recorder.refuse["q3@example.com"] = "550 5.1.1 no such user"
    mail_settings.recorder.refuse["q7@example.com"] = "451 4.3.0 try later"
    report = Sender(DeliveryPolicy(connections=4, backoff=timedelta(hours=1))).run()
    assert (report.sent, report.bounced, report.retried) == (10, 1, 1)
    assert Subscriber.objects.get(email="q3@example.com").status == Status.BOUNCED
    assert OutboxMessage.objects.get(subscriber__email="q7@example.com").state == (
        OutboxState.PENDING
    )


def test_a_paced_sender_leases_no_more_than_it_can_send_within_its_lease() -> None:
    policy = DeliveryPolicy(batch=100, lease=timedelta(seconds=20), max_per_second=2)
    assert Sender(policy)._batch_size() == 20
    assert Sender(DeliveryPolicy(batch=100))._batch_size() == 100
