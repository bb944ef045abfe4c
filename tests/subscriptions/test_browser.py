"""The whole journey in a real browser and a real SMTP server: subscribe in the form, receive
the confirmation, follow it, receive a digest, unsubscribe in one click (RFC 8058), and receive
nothing more."""

from __future__ import annotations

import re
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from naql.subscriptions.delivery import DeliveryPolicy, Sender
from naql.subscriptions.models import Status, Subscriber
from naql.subscriptions.services import send_due
from tests.conftest import require
from tests.subscriptions.conftest import Newsroom, SmtpServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ADDRESS = "qari@example.com"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_subscribe_confirm_digest_one_click_unsubscribe(
    live_server: Any, mail_settings: SmtpServer, settings: Any, artifacts: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls between browser
    # steps are ordinary synchronous test code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    settings.NAQL_BASE_URL = base
    inbox = mail_settings.recorder
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 800}, locale="ar")

        page.goto(base + "/subscribe/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.fill("main input[name=email]", "  Qari@Example.com ")
        page.screenshot(path=str(artifacts / "1-form.png"))
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/subscribe/sent/$"))
        assert "تحقّق من بريدك" in page.content()
        page.screenshot(path=str(artifacts / "2-sent.png"))

        Sender(DeliveryPolicy()).run()
        # Inside this block the code runs in a greenlet of Playwright's, with a context of its
        # own, and Django keeps database connections per context: this one would outlive the
        # test and make PostgreSQL refuse to drop the test database. (SQLite's in-memory test
        # database ignores the close.)
        connections.close_all()
        [confirmation] = inbox.to(ADDRESS)
        assert "أكّد اشتراكك" in str(confirmation.message["Subject"])
        link = re.search(re.escape(base) + r"/subscribe/confirm/[^\s\"<>]+",
                         confirmation.part("plain"))
        assert link is not None
        page.goto(link.group(0))
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/preferences/.+\?welcome=1$"))
        assert "تمّ تأكيد اشتراكك" in page.content()
        page.screenshot(path=str(artifacts / "3-preferences.png"), full_page=True)
        browser.close()

    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert subscriber.status == Status.ACTIVE
    due = subscriber.next_due_at
    assert due is not None
    newsroom = Newsroom()
    source = newsroom.source("wire", "وكالة الأنباء")
    newsroom.article(source, "افتتاح معرض الكتاب في القاهرة", "افتتح المعرض أبوابه.",
                     at=timezone.now() + timedelta(minutes=1))
    send_due(due + timedelta(minutes=2))
    digest = inbox.to(ADDRESS)[-1]
    assert "افتتاح معرض الكتاب" in digest.part("html")
    unsubscribe_url = str(digest.message["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe_url.startswith(base + "/unsubscribe/")
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail client does for RFC 8058: a bare POST, no cookies, no CSRF token.
    request = urllib.request.Request(unsubscribe_url, data=b"List-Unsubscribe=One-Click",
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED

    received = len(inbox.to(ADDRESS))
    newsroom.article(source, "خبر بعد إلغاء الاشتراك", "نص.", at=due + timedelta(hours=3))
    report = send_due(due + timedelta(days=2))
    assert report.plan.planned == 0
    assert len(inbox.to(ADDRESS)) == received
