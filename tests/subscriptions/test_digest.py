"""Digests end to end: planned from stories, rendered RTL with the right headers, delivered to
a real SMTP server, and skipped when nothing new matches."""

from __future__ import annotations

import email.utils
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from naql.sources.models import Policy
from naql.subscriptions.models import Edition, OutboxMessage, OutboxState, Status, Subscriber
from naql.subscriptions.services import add_subscriber, send_due, unsubscribe
from tests.subscriptions.conftest import Newsroom, SmtpServer

pytestmark = pytest.mark.django_db

SECRET_SENTENCE = "هذه جملة من نص المصدر الذي لا يسمح إلا بالعنوان والرابط"


def _active(address: str, **fields: object) -> Subscriber:
    subscriber = add_subscriber(address, "daily", confirmed=True)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        covered_until=timezone.now() - timedelta(hours=1), **fields
    )
    subscriber.refresh_from_db()
    return subscriber


def test_a_digest_has_one_item_per_story_and_respects_policies(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    reader = _active("reader@example.com")
    excerpt_src = newsroom.source("jazeera", "الجزيرة", Policy.EXCERPT)
    full_src = newsroom.source("arabiya", "العربية", Policy.FULL)
    link_src = newsroom.source("closed", "مصدر مغلق", Policy.LINK)
    first = newsroom.article(excerpt_src, "قمة عربية في الرياض",
                             "افتتحت القمة أعمالها صباح اليوم.\n\nوفي الفقرة الثانية تفاصيل.")
    assert first.story is not None
    newsroom.article(full_src, "انطلاق القمة العربية", "نص آخر عن القمة.", story=first.story)
    newsroom.article(link_src, "القمة تبدأ", SECRET_SENTENCE, story=first.story)
    newsroom.article(link_src, "خبر من مصدر مغلق", SECRET_SENTENCE)

    report = send_due(reader.next_due_at or timezone.now())
    assert (report.plan.planned, report.delivery.sent) == (1, 1)
    [mail] = mail_settings.recorder.to("reader@example.com")
    text, html = mail.part("plain"), mail.part("html")
    for body in (text, html):
        assert body.count("قمة عربية في الرياض") == 1  # one item per story, not per article
        assert "3 مصادر" in body
        assert "افتتحت القمة أعمالها صباح اليوم." in body
        assert "خبر من مصدر مغلق" in body
        assert SECRET_SENTENCE not in body  # link-only: title and link, never text
        assert "https://closed.example/news/" in body
        assert "وفي الفقرة الثانية" not in body  # an excerpt, not the article

    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert "<style" not in html  # inline CSS only: many clients drop style blocks
    assert "https://naql.example/unsubscribe/" in text

    headers = mail.message
    assert headers["List-Unsubscribe"].strip().startswith("<https://naql.example/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<naql\.digest\.\d+\.\d+@naql\.example>", headers["Message-ID"])
    assert email.utils.parsedate_to_datetime(headers["Date"]).tzinfo is not None
    assert str(headers["Subject"]).strip().startswith("نقل: قصتان")
    assert headers["From"].addresses[0].display_name == "نقل"
    raw_headers = mail.raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n\n")[0]
    assert raw_headers.isascii()  # Arabic travels as RFC 2047 encoded words
    assert b"=?utf-8?" in raw_headers.lower()


def test_nothing_new_means_no_mail_and_a_counted_skip(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    reader = _active("quiet@example.com")
    newsroom.article(newsroom.source("s", "مصدر"), "خبر قديم", "نص",
                     at=timezone.now() - timedelta(hours=5))
    first_due = reader.next_due_at
    assert first_due is not None
    report = send_due(first_due)
    assert (report.plan.planned, report.plan.skipped) == (0, 1)
    assert mail_settings.recorder.count() == 0
    assert Edition.objects.get().skipped_count == 1
    reader.refresh_from_db()
    assert reader.next_due_at is not None
    assert reader.next_due_at > first_due  # moved on to the next day's slot


def test_sections_filter_and_keywords_add_stories(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    sport = newsroom.section("sport", "رياضة")
    economy = newsroom.section("economy", "اقتصاد")
    src = newsroom.source("s", "مصدر")
    newsroom.article(src, "المنتخب يفوز بالمباراة", "نص", section=sport)
    newsroom.article(src, "ارتفاع أسعار الذهب في الأسواق", "نص", section=economy)
    newsroom.article(src, "تراجع البورصة", "نص", section=economy)
    fan = _active("fan@example.com")
    fan.sections.set([sport])
    gold = _active("gold@example.com")
    gold.sections.set([sport])
    gold.keywords = ["الذهب"]
    gold.save()
    everything = _active("all@example.com")

    send_due(max(s.next_due_at for s in (fan, gold, everything) if s.next_due_at))
    def titles(address: str) -> set[str]:
        [mail] = mail_settings.recorder.to(address)
        text = mail.part("plain")
        return {t for t in ("المنتخب يفوز", "أسعار الذهب", "تراجع البورصة") if t in text}

    assert titles("fan@example.com") == {"المنتخب يفوز"}
    assert titles("gold@example.com") == {"المنتخب يفوز", "أسعار الذهب"}
    assert titles("all@example.com") == {"المنتخب يفوز", "أسعار الذهب", "تراجع البورصة"}


def test_instant_subscribers_get_batches_within_minutes(
    mail_settings: SmtpServer, newsroom: Newsroom
) -> None:
    now = timezone.now()
    instant = _active("instant@example.com")
    Subscriber.objects.filter(pk=instant.pk).update(frequency="instant", next_due_at=now)
    src = newsroom.source("s", "مصدر")
    newsroom.article(src, "خبر عاجل أول", "نص", at=now - timedelta(minutes=2))
    newsroom.article(src, "خبر عاجل ثان", "نص", at=now - timedelta(minutes=1))
    send_due(now)
    [batch] = mail_settings.recorder.to("instant@example.com")
    assert "خبر عاجل أول" in batch.part("plain")
    assert "خبر عاجل ثان" in batch.part("plain")
    instant.refresh_from_db()
    assert instant.next_due_at is not None
    assert timedelta(0) < instant.next_due_at - now <= timedelta(minutes=5)
    newsroom.article(src, "خبر عاجل ثالث", "نص", at=now + timedelta(seconds=1))
    send_due(instant.next_due_at + timedelta(minutes=1))
    second = mail_settings.recorder.to("instant@example.com")[1].part("plain")
    assert "خبر عاجل ثالث" in second
    assert "خبر عاجل أول" not in second  # only what is new since the last batch


@pytest.mark.parametrize("change", ["unsubscribed", "stories hidden"])
def test_a_planned_digest_is_cancelled_when_it_should_no_longer_go(
    mail_settings: SmtpServer, newsroom: Newsroom, change: str
) -> None:
    from naql.news.models import Article
    from naql.subscriptions.planning import plan_due

    reader = _active("changed-mind@example.com")
    newsroom.article(newsroom.source("s", "مصدر"), "خبر", "نص")
    due = reader.next_due_at
    assert due is not None
    assert plan_due(due).planned == 1
    if change == "unsubscribed":
        unsubscribe(reader, timezone.now())
    else:  # every story of the digest hidden since planning: an empty digest is not sent
        Article.objects.update(hidden=True)
    report = send_due(due)
    assert report.delivery.sent == 0
    assert mail_settings.recorder.count() == 0
    assert OutboxMessage.objects.get().state == OutboxState.CANCELLED
    expected = Status.UNSUBSCRIBED if change == "unsubscribed" else Status.ACTIVE
    assert Subscriber.objects.get().status == expected
