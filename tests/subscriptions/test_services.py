"""The operator's functions behind ``naql subscribers``: add, import, list, export, remove."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from naql.errors import InputError
from naql.subscriptions.errors import InvalidAddress, UnknownSubscriber
from naql.subscriptions.models import MessageKind, OutboxMessage, Status, Subscriber
from naql.subscriptions.services import (
    add_subscriber,
    export_csv,
    import_csv,
    list_subscribers,
    remove_subscriber,
)
from tests.subscriptions.conftest import Newsroom

pytestmark = pytest.mark.django_db


def test_import_keeps_good_rows_and_reports_bad_ones(tmp_path: Path, newsroom: Newsroom) -> None:
    newsroom.section("sport", "رياضة")
    path = tmp_path / "subs.csv"
    path.write_text(
        "email,frequency,sections\n"
        "one@example.com,daily,sport\n"
        "not-an-address,daily,\n"
        "two@مثال.إختبار,weekly,\n"
        "three@example.com,hourly,\n"
        "four@example.com,instant,nosuchsection\n"
        "ONE@example.com,weekly,\n",
        encoding="utf-8",
    )
    report = import_csv(path, confirmed=True)
    assert (report.added, report.existing) == (2, 1)
    assert [line for line, _ in report.errors] == [3, 5, 6]
    rows = {r["email"]: r for r in list_subscribers()}
    assert set(rows) == {"one@example.com", "two@xn--mgbh0fb.xn--kgbechtv"}
    assert rows["one@example.com"]["frequency"] == "weekly"  # the later row updated it
    assert rows["one@example.com"]["sections"] == ["sport"]
    assert {r["status"] for r in rows.values()} == {Status.ACTIVE}


def test_import_refuses_a_file_without_an_email_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("address,frequency\nx@example.com,daily\n", encoding="utf-8")
    with pytest.raises(InputError):
        import_csv(path)
    with pytest.raises(InputError):
        import_csv(tmp_path / "missing.csv")
    assert not Subscriber.objects.exists()


def test_unconfirmed_add_queues_a_confirmation_and_stays_pending() -> None:
    subscriber = add_subscriber("new@example.com", "daily")
    assert subscriber.status == Status.PENDING
    assert OutboxMessage.objects.get().kind == MessageKind.CONFIRM
    with pytest.raises(InvalidAddress):
        add_subscriber("nope", "daily")


def test_export_lists_what_list_shows_and_remove_deletes(newsroom: Newsroom) -> None:
    add_subscriber("a@example.com", "daily", confirmed=True)
    add_subscriber("b@example.com", "weekly")
    exported = list(csv.DictReader(io.StringIO(export_csv())))
    assert [(r["email"], r["frequency"], r["status"]) for r in exported] == [
        ("a@example.com", "daily", "active"), ("b@example.com", "weekly", "pending")]
    remove_subscriber(" A@Example.com ")
    assert [r["email"] for r in list_subscribers()] == ["b@example.com"]
    with pytest.raises(UnknownSubscriber):
        remove_subscriber("a@example.com")
    remove_subscriber("b@example.com")
    assert not OutboxMessage.objects.exists()  # their queued confirmation went with them
