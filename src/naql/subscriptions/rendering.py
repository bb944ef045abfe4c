"""Turning an outbox row into an email: subject, both bodies, and the headers mail clients and
receiving servers rely on.

Why the headers matter: Gmail and Yahoo require one-click unsubscribe (RFC 8058) from bulk
senders, a stable ``Message-ID`` lets a client fold the rare duplicate sent after a crash into
one message, and Arabic subjects and display names must be RFC 2047 encoded words or they arrive
as mojibake. ``naql.subscriptions.mime`` does that encoding; this module supplies the values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import format_datetime, parseaddr
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from naql.subscriptions.addresses import display_email
from naql.subscriptions.mime import Envelope, address_line, compose, header_line
from naql.subscriptions.models import MessageKind, OutboxMessage, Subscriber
from naql.subscriptions.selection import StoryItem
from naql.subscriptions.tokens import Purpose, make_token


@dataclass(frozen=True, slots=True)
class Links:
    """The signed links one subscriber's email carries."""

    preferences: str
    unsubscribe: str
    confirm: str


def absolute(path: str) -> str:
    """A full URL on the public site: emails are read far from the request that made them."""
    return f"{settings.NAQL_BASE_URL}{path}"


_TOKEN_SLOT = "NAQLTOKENSLOT"  # noqa: S105 - a placeholder in a URL, not a secret


def url_patterns() -> dict[str, str]:
    """Absolute URL patterns of the signed pages with a slot for the token: ``reverse`` once per
    run instead of three times per message."""
    return {
        name: absolute(reverse(f"subscriptions:{name}", args=[_TOKEN_SLOT]))
        for name in ("confirm", "preferences", "unsubscribe")
    }


def links_for(subscriber: Subscriber, patterns: Mapping[str, str] | None = None) -> Links:
    """Signed links for ``subscriber`` (the confirm link only while a confirmation is pending)."""
    urls = patterns or url_patterns()
    prefs = make_token(subscriber, Purpose.PREFERENCES)
    unsub = make_token(subscriber, Purpose.UNSUBSCRIBE)
    confirm = ""
    if subscriber.confirm_nonce:
        confirm = urls["confirm"].replace(_TOKEN_SLOT, make_token(subscriber, Purpose.CONFIRM))
    return Links(
        preferences=urls["preferences"].replace(_TOKEN_SLOT, prefs),
        unsubscribe=urls["unsubscribe"].replace(_TOKEN_SLOT, unsub),
        confirm=confirm,
    )


def count_phrase(n: int) -> str:
    """An Arabic count of stories with the noun in the form Arabic grammar asks for."""
    if n == 1:
        return _("قصة واحدة")
    if n == 2:
        return _("قصتان")
    if 3 <= n % 100 <= 10:
        return _("%(n)d قصص") % {"n": n}
    return _("%(n)d قصة") % {"n": n}


def outlets_phrase(n: int) -> str:
    """How many outlets covered a story, in Arabic."""
    if n == 1:
        return _("مصدر واحد")
    if n == 2:
        return _("مصدران")
    if 3 <= n % 100 <= 10:
        return _("%(n)d مصادر") % {"n": n}
    return _("%(n)d مصدرًا") % {"n": n}


def _subject(message: OutboxMessage, items: list[StoryItem]) -> str:
    site = settings.NAQL_SITE_NAME
    if message.kind == MessageKind.CONFIRM:
        return _("أكّد اشتراكك في نشرة %(site)s") % {"site": site}
    if message.kind == MessageKind.ALREADY:
        return _("أنت مشترك في نشرة %(site)s") % {"site": site}
    lead = items[0].title if items else ""
    return _("%(site)s: %(count)s — %(lead)s") % {
        "site": site, "count": count_phrase(len(items)), "lead": lead[:80]
    }


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"


def message_id(message: OutboxMessage) -> str:
    """Stable per outbox row: a resend after a crash carries the same id as the first copy."""
    return f"<naql.{message.kind}.{message.pk}.{message.subscriber_id}@{_domain()}>"


StoryLookup = Callable[[list[int]], Mapping[int, StoryItem]]

# Placeholders for what differs between two readers of the same edition. Bodies are rendered
# once per (kind, stories, frequency) with these in place and merged per message: rendering two
# templates per message was the largest cost of a 10,000-message run.
_PERSONAL = ("email", "preferences", "unsubscribe", "confirm")


def _placeholder(name: str) -> str:
    return f"NAQLPERSONAL{name.upper()}X"


@dataclass(frozen=True, slots=True)
class Bodies:
    """A subject and both bodies with personal placeholders still in them."""

    subject: str
    text: str
    html: str
    subject_line: str  # encoded once per edition content, not once per reader
    from_line: str

    def merge(self, personal: Mapping[str, str]) -> tuple[str, str]:
        """Both bodies with the placeholders replaced (escaped for the HTML part)."""
        text, html = self.text, self.html
        for name in _PERSONAL:
            value = personal.get(name, "")
            text = text.replace(_placeholder(name), value)
            html = html.replace(_placeholder(name), str(escape(value)))
        return text, html


@dataclass
class BodyCache:
    """Rendered bodies by edition content; one per delivery run (not shared across threads)."""

    bodies: dict[tuple[str, tuple[int, ...], str], Bodies] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)

    def urls(self) -> dict[str, str]:
        """The signed pages' URL patterns, built on first use (URLconf is ready by then)."""
        if not self.patterns:
            self.patterns = url_patterns()
        return self.patterns

    def get(self, message: OutboxMessage, stories: StoryLookup) -> Bodies:
        """The bodies for ``message``'s kind, stories and frequency, rendering them once."""
        ids = tuple(message.story_ids) if message.kind == MessageKind.DIGEST else ()
        key = (message.kind, ids, message.subscriber.frequency)
        if key not in self.bodies:
            self.bodies[key] = _render(message, stories)
        return self.bodies[key]


def _render(message: OutboxMessage, stories: StoryLookup) -> Bodies:
    found = stories(list(message.story_ids)) if message.kind == MessageKind.DIGEST else {}
    items = [found[i] for i in message.story_ids if i in found]
    links = Links(*(_placeholder(n) for n in ("preferences", "unsubscribe", "confirm")))
    context: dict[str, Any] = {
        "site_name": settings.NAQL_SITE_NAME,
        "base_url": settings.NAQL_BASE_URL,
        "links": links,
        "items": [(item, outlets_phrase(item.outlet_count)) for item in items],
        "count": count_phrase(len(items)),
        "email": _placeholder("email"),
        "frequency": message.subscriber.get_frequency_display(),
    }
    name = f"subscriptions/mail/{message.kind}"
    subject = _subject(message, items)
    return Bodies(
        subject=subject,
        text=render_to_string(f"{name}.txt", context),
        html=render_to_string(f"{name}.html", context),
        subject_line=header_line("Subject", subject),
        from_line=address_line("From", str(settings.NAQL_SITE_NAME),
                               parseaddr(settings.DEFAULT_FROM_EMAIL)[1]),
    )


def build_email(message: OutboxMessage, stories: StoryLookup,
                cache: BodyCache | None = None) -> Envelope:
    """The complete email for ``message``; ``stories`` resolves digest story ids to items."""
    subscriber = message.subscriber
    cache = cache or BodyCache()
    bodies = cache.get(message, stories)
    links = links_for(subscriber, cache.urls())
    text, html = bodies.merge({
        "email": display_email(subscriber.email), "preferences": links.preferences,
        "unsubscribe": links.unsubscribe, "confirm": links.confirm,
    })
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    lines = [
        bodies.from_line,
        f"To: {subscriber.email}",
        bodies.subject_line,
        f"Date: {format_datetime(timezone.now())}",
        f"Message-ID: {message_id(message)}",
        f"List-Unsubscribe: <{links.unsubscribe}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Auto-Submitted: auto-generated",
        "Content-Language: ar",
    ]
    return Envelope(sender, subscriber.email, compose(lines, text, html))
