"""The subscription pages through Django's test client, with mail going to a real SMTP server."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from naql.subscriptions.delivery import DeliveryPolicy, Sender
from naql.subscriptions.models import MessageKind, OutboxMessage, Status, Subscriber
from naql.subscriptions.services import PER_ADDRESS
from naql.subscriptions.tokens import Purpose, make_token
from naql.subscriptions.views import PER_IP
from tests.subscriptions.conftest import SmtpServer

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://naql\.example(/[^\s\"<>]+)")


def deliver() -> None:
    Sender(DeliveryPolicy()).run()


def subscribe(client: Client, address: str, ip: str = "10.0.0.1") -> tuple[int, str]:
    response = client.post("/subscribe/", {"email": address}, REMOTE_ADDR=ip, follow=True)
    return response.status_code, response.content.decode()


def confirmation_path(smtp: SmtpServer, address: str) -> str:
    mails = smtp.recorder.to(address)
    assert mails, f"no mail reached {address}"
    match = LINK.search(mails[-1].part("plain"))
    assert match is not None
    return match.group(1)


def test_subscribe_confirm_then_preferences(client: Client, mail_settings: SmtpServer) -> None:
    status, page = subscribe(client, " Reader@Example.com ")
    assert status == 200
    assert "تحقّق من بريدك" in page
    assert Subscriber.objects.get().status == Status.PENDING
    assert mail_settings.recorder.count() == 0  # only the worker sends: the form just queues

    deliver()
    path = confirmation_path(mail_settings, "reader@example.com")
    assert path.startswith("/subscribe/confirm/")
    assert "تأكيد الاشتراك" in client.get(path).content.decode()
    # A GET (a link scanner) confirms nothing.
    assert Subscriber.objects.get().status == Status.PENDING

    response = client.post(path, follow=True)
    assert response.status_code == 200
    assert "تمّ تأكيد اشتراكك" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.ACTIVE
    assert subscriber.next_due_at is not None

    prefs = response.redirect_chain[-1][0].split("?")[0]
    saved = client.post(prefs, {"frequency": "weekly", "hour": "9", "time_zone": "Africa/Cairo",
                                "weekday": "5", "keywords_text": "غزة، الذهب\nكأس العالم"},
                        follow=True)
    assert "حُفظت تفضيلاتك" in saved.content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.frequency, subscriber.hour, subscriber.time_zone) == ("weekly", 9,
                                                                              "Africa/Cairo")
    assert subscriber.keywords == ["غزة", "الذهب", "كأس العالم"]


def test_replayed_forged_and_expired_links_get_a_clear_page(
    client: Client, mail_settings: SmtpServer
) -> None:
    subscribe(client, "once@example.com")
    deliver()
    path = confirmation_path(mail_settings, "once@example.com")
    assert client.post(path).status_code == 302
    replay = client.post(path)
    assert replay.status_code == 410
    assert "استُخدم هذا الرابط من قبل" in replay.content.decode()

    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(f"/subscribe/confirm/{forged}/")
    assert response.status_code == 400
    assert "الرابط غير صحيح" in response.content.decode()
    # A valid preferences token is not a confirmation token: purposes do not mix.
    subscriber = Subscriber.objects.get()
    other = make_token(subscriber, Purpose.PREFERENCES)
    assert client.get(f"/subscribe/confirm/{other}/").status_code == 400

    subscriber.confirm_nonce = "fresh-nonce"
    subscriber.save()

    class FourDaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 4 * 86400)

    old = FourDaysAgo(salt="naql.subscriptions.confirm").sign_object(
        [subscriber.pk, "fresh-nonce"]
    )
    expired = client.get(f"/subscribe/confirm/{old}/")
    assert expired.status_code == 410
    assert "انتهت صلاحية الرابط" in expired.content.decode()
    assert Subscriber.objects.get().confirm_nonce == "fresh-nonce"  # nothing was lost


def _page_shape(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_answers_do_not_reveal_whether_an_address_is_subscribed(
    client: Client, mail_settings: SmtpServer
) -> None:
    Subscriber.objects.create(email="known@example.com", status=Status.ACTIVE,
                              confirmed_at=timezone.now())
    Subscriber.objects.create(email="bounced@example.com", status=Status.BOUNCED)
    answers = {a: subscribe(client, a, ip=f"10.1.0.{i}")
               for i, a in enumerate(["known@example.com", "new@example.com",
                                      "bounced@example.com"])}
    shapes = {(status, _page_shape(page)) for status, page in answers.values()}
    assert len(shapes) == 1, "the page differs between known, new and bounced addresses"
    deliver()
    kinds = dict(OutboxMessage.objects.values_list("subscriber__email", "kind"))
    assert kinds == {"known@example.com": MessageKind.ALREADY,
                     "new@example.com": MessageKind.CONFIRM}
    known_mail = mail_settings.recorder.to("known@example.com")[0].part("plain")
    assert "مشترك فعلًا" in known_mail  # told only to the mailbox's owner


def test_a_flood_from_one_ip_is_slowed(client: Client, mail_settings: SmtpServer) -> None:
    statuses = [subscribe(client, f"flood{i}@example.com", ip="203.0.113.9")[0]
                for i in range(PER_IP.count + 5)]
    assert statuses[: PER_IP.count] == [200] * PER_IP.count
    assert set(statuses[PER_IP.count :]) == {429}
    blocked = client.post("/subscribe/", {"email": "x@example.com"}, REMOTE_ADDR="203.0.113.9")
    assert int(blocked["Retry-After"]) > 0
    assert "طلبات كثيرة" in blocked.content.decode()
    assert Subscriber.objects.count() == PER_IP.count  # refused requests stored nothing
    assert subscribe(client, "other@example.com", ip="203.0.113.10")[0] == 200


def test_repeated_requests_for_one_address_send_few_mails(
    client: Client, mail_settings: SmtpServer
) -> None:
    for i in range(PER_ADDRESS.count + 4):
        assert subscribe(client, "victim@example.com", ip=f"10.2.0.{i}")[0] == 200
    deliver()
    # Each request cancels the previous pending confirmation; the limit caps how many are made.
    made = OutboxMessage.objects.filter(subscriber__email="victim@example.com").count()
    assert made == PER_ADDRESS.count
    assert len(mail_settings.recorder.to("victim@example.com")) == 1


def test_bad_addresses_get_an_arabic_error_and_store_nothing(client: Client,
                                                              mail_settings: SmtpServer) -> None:
    response = client.post("/subscribe/", {"email": "not-an-address"}, REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 400
    assert "علامة @" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_one_click_unsubscribe_needs_no_csrf_token_and_can_be_undone(
    mail_settings: SmtpServer,
) -> None:
    client = Client(enforce_csrf_checks=True)
    subscriber = Subscriber.objects.create(email="leaving@example.com", status=Status.ACTIVE,
                                           confirmed_at=timezone.now(),
                                           next_due_at=timezone.now() + timedelta(hours=1))
    OutboxMessage.objects.create(subscriber=subscriber, kind=MessageKind.ALREADY)
    token = make_token(subscriber, Purpose.UNSUBSCRIBE)
    response = client.post(f"/unsubscribe/{token}/", "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "أُلغي اشتراكك" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.next_due_at is None
    deliver()
    assert mail_settings.recorder.count() == 0  # the queued message was cancelled

    browser = Client()
    browser.get(f"/unsubscribe/{token}/")  # sets the CSRF cookie like a real visit
    undone = browser.post(f"/unsubscribe/{token}/undo/")
    assert "أُعيد اشتراكك" in undone.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.ACTIVE


def test_deleting_removes_personal_data_and_kills_links(client: Client,
                                                        mail_settings: SmtpServer) -> None:
    subscriber = Subscriber.objects.create(email="gone@example.com", status=Status.ACTIVE,
                                           keywords=["سرّي"])
    OutboxMessage.objects.create(subscriber=subscriber, kind=MessageKind.ALREADY)
    prefs = make_token(subscriber, Purpose.PREFERENCES)
    response = client.post(f"/preferences/{prefs}/delete/")
    assert "حُذفت بياناتك" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not OutboxMessage.objects.exists()
    after = client.get(f"/preferences/{prefs}/")
    assert after.status_code == 410
    assert "لم يعد هذا الرابط صالحًا" in after.content.decode()


def test_the_subscribe_box_renders_rtl_and_posts_to_the_page(mail_settings: SmtpServer) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    html = render_to_string("subscriptions/_form.html", request=RequestFactory().get("/"))
    assert 'dir="rtl"' in html
    assert 'action="/subscribe/"' in html
    assert "csrfmiddlewaretoken" in html
