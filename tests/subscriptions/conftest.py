"""Fixtures for the subscription tests: a real SMTP server (aiosmtpd in a thread of this
process), settings pointing at it, and a small newsroom of sources, articles and stories."""

from __future__ import annotations

import email
import email.policy
import itertools
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from naql.news.models import Article, StageState, Story
from naql.sources.models import Policy, Section, Source


@dataclass
class Received:
    """One message as the SMTP server saw it."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    session: int

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        content = body.get_content()
        assert isinstance(content, str)
        return content


@dataclass
class Recorder:
    """aiosmtpd handler: records every accepted message; ``refuse`` maps an address to the
    reply its RCPT gets (e.g. "550 5.1.1 no such user", "451 4.3.0 try later")."""

    messages: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    sessions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        with self.lock:
            self.sessions += 1
            session.naql_number = self.sessions
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        reply = self.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          bytes(envelope.content),
                                          getattr(session, "naql_number", 0)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def count(self) -> int:
        with self.lock:
            return len(self.messages)


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists() -> None:
    """WhiteNoise warns (an error under ``filterwarnings = error``) when STATIC_ROOT is missing,
    as it is before the first collectstatic; the session-wide live server builds its middleware
    before any function fixture could point STATIC_ROOT elsewhere."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, recording what it accepts."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(settings: Any, smtp_server: SmtpServer, tmp_path: Path) -> SmtpServer:
    """Point Django's SMTP backend, the site URL and the URL map at the test server and pages."""
    # WhiteNoise warns (an error here) when STATIC_ROOT is missing, as it is before collectstatic.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Plain static URLs: these tests are about mail and forms, not about hashed asset names.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "news@naql.example"
    settings.NAQL_SITE_NAME = "نقل"
    settings.NAQL_BASE_URL = "https://naql.example"
    settings.ROOT_URLCONF = "tests.subscriptions.urls"
    return smtp_server


@dataclass
class Newsroom:
    """Builds published sources, sections, articles and stories straight in the database."""

    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def section(self, slug: str, name: str) -> Section:
        return Section.objects.get_or_create(slug=slug, defaults={"name": name})[0]

    def source(self, slug: str, name: str, policy: str = Policy.EXCERPT) -> Source:
        return Source.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "homepage": f"https://{slug}.example/", "policy": policy},
        )[0]

    def article(self, source: Source, title: str, body: str, *, story: Story | None = None,
                section: Section | None = None, at: datetime | None = None) -> Article:
        """A published article; starts a new story unless ``story`` is given."""
        at = at or timezone.now() - timedelta(minutes=5)
        n = next(self.numbers)
        if story is None:
            story = Story.objects.create(title=title, first_published_at=at, last_published_at=at)
        article = Article.objects.create(
            source=source, url=f"https://{source.slug}.example/news/{n}", title=title,
            body_text=body, body_html="", published_at=at, section=section, story=story,
            state=StageState.DONE,
        )
        if story.representative_id is None:
            story.representative = article
        story.last_published_at = max(story.last_published_at, at)
        members = story.articles.filter(hidden=False)
        story.article_count = members.count()
        story.source_count = members.values("source_id").distinct().count()
        story.save()
        return article


@pytest.fixture
def newsroom() -> Newsroom:
    return Newsroom()
