"""Turning an outbox row into an email: subject, both bodies, and the headers mail clients and
receiving servers rely on.

Why the headers matter: Gmail and Yahoo require one-click unsubscribe (RFC 8058) from bulk
senders, a stable ``Message-ID`` lets a client fold the rare duplicate sent after a crash into
one message, and Arabic subjects and display names must be RFC 2047 encoded words or they arrive
as mojibake. ``naql.subscriptions.mime`` does that encoding; this module supplies the values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import format_datetime, parseaddr
from html import escape as html_escape
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
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

# What differs between two readers of the same edition is cut out of the rendered bodies as
# slots: the templates are rendered once per (kind, frequency) with a slot marker where the
# reader's address, links, story count and stories go, each story's item is rendered once per
# run, and a message is one join of literals and values. Rendering the templates per distinct
# story list instead was the largest cost of a 10,000-message run (mixed preferences make most
# lists distinct: 732 renders of both templates for 2,000 readers).
_SLOT = re.compile(r"NAQLSLOT([A-Z]+)X")


def _slot(name: str) -> str:
    return f"NAQLSLOT{name.upper()}X"


@dataclass(frozen=True, slots=True)
class Skeleton:
    """A rendered body cut at its slots: ``parts`` alternates literal text and slot names
    (literal, NAME, literal, …, literal). Values are inserted, never parsed again, so a story
    title that happens to look like a slot stays text."""

    parts: tuple[str, ...]

    @classmethod
    def cut(cls, rendered: str) -> Skeleton:
        """Split a body rendered with ``_slot`` markers."""
        return cls(tuple(_SLOT.split(rendered)))

    def fill(self, values: Mapping[str, str]) -> str:
        """The body with every slot replaced by ``values[NAME]`` (missing names: empty)."""
        parts = list(self.parts)
        for i in range(1, len(parts), 2):
            parts[i] = values.get(parts[i], "")
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class Bodies:
    """Both bodies of one (kind, frequency), with their slots still open."""

    text: Skeleton
    html: Skeleton


@dataclass
class BodyCache:
    """Everything a delivery run renders once and reuses: bodies by (kind, frequency), story
    items by story, encoded Subject lines by (kind, count, lead story). One per run, used by
    one thread."""

    bodies: dict[tuple[str, str], Bodies] = field(default_factory=dict)
    items: dict[int, tuple[str, str]] = field(default_factory=dict)
    subjects: dict[tuple[str, int, int], str] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    from_line: str = ""
    sender: str = ""

    def urls(self) -> dict[str, str]:
        """The signed pages' URL patterns, built on first use (URLconf is ready by then)."""
        if not self.patterns:
            self.patterns = url_patterns()
        return self.patterns

    def get(self, message: OutboxMessage) -> Bodies:
        """The bodies for ``message``'s kind and frequency, rendering them once."""
        key = (message.kind, message.subscriber.frequency)
        if key not in self.bodies:
            self.bodies[key] = _render(message.kind, message.subscriber)
        return self.bodies[key]

    def stories(self, ids: list[int], stories: StoryLookup) -> list[StoryItem]:
        """The items of a digest, in its order, rendering each story's item once."""
        missing = [i for i in ids if i not in self.items]
        found = stories(ids)
        for i in missing:
            if i in found:
                self.items[i] = _render_item(found[i])
        return [found[i] for i in ids if i in found]

    def subject_line(self, message: OutboxMessage, items: list[StoryItem]) -> str:
        """The encoded Subject header (encoding Arabic is not free: once per distinct subject)."""
        key = (message.kind, len(items), items[0].story_id if items else 0)
        line = self.subjects.get(key)
        if line is None:
            line = self.subjects[key] = header_line("Subject", _subject(message, items))
        return line

    def display(self, address: str) -> str:
        """``display_email`` once per domain: IDNA decoding is slow and domains repeat."""
        local, _at, domain = address.rpartition("@")
        shown = self.shown.get(domain)
        if shown is None:
            shown = self.shown[domain] = display_email(f"x@{domain}").rpartition("@")[2]
        return f"{local}@{shown}"

    def envelope_from(self) -> tuple[str, str]:
        """(envelope sender, encoded From line), computed once per run."""
        if not self.from_line:
            address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
            self.sender = address or settings.DEFAULT_FROM_EMAIL
            self.from_line = address_line("From", str(settings.NAQL_SITE_NAME), address)
        return self.sender, self.from_line


def _render(kind: str, subscriber: Subscriber) -> Bodies:
    links = Links(*(_slot(n) for n in ("preferences", "unsubscribe", "confirm")))
    context: dict[str, Any] = {
        "site_name": settings.NAQL_SITE_NAME,
        "base_url": settings.NAQL_BASE_URL,
        "links": links,
        "count": _slot("count"),
        "stories": _slot("stories"),
        "email": _slot("email"),
        "frequency": subscriber.get_frequency_display(),
    }
    name = f"subscriptions/mail/{kind}"
    return Bodies(text=Skeleton.cut(wire_lines(render_to_string(f"{name}.txt", context))),
                  html=Skeleton.cut(pack_html(render_to_string(f"{name}.html", context))))


def _render_item(item: StoryItem) -> tuple[str, str]:
    """(text, html) of one digest item; the text one framed by the blank lines between items,
    the HTML one on lines of its own (so packing never joins it to its neighbours)."""
    context = {"item": item, "outlets": outlets_phrase(item.outlet_count)}
    text = render_to_string("subscriptions/mail/_item.txt", context).strip("\n")
    html = render_to_string("subscriptions/mail/_item.html", context).strip("\n")
    return wire_lines(f"\n{text}\n"), "\r\n" + pack_html(html)


PACKED_LINE = 400  # characters; SMTP allows 998 octets, and a slot's value may extend a line


def wire_lines(text: str) -> str:
    """``text`` with CRLF line ends, as SMTP carries them: done once per rendered piece rather
    than over every message."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def pack_html(html: str) -> str:
    """HTML on fewer lines: a line break between two tags (``>`` then ``<``) is dropped while the
    line stays under ``PACKED_LINE``. Such a break is whitespace between elements; the mail
    templates keep inline elements that need a space between them on one line. Why: the
    receiving server's work grows with the number of lines (measured with aiosmtpd, ~3 us a
    line, and a digest had ~300 of them), and the message gets smaller. Returns CRLF lines."""
    packed: list[str] = []
    for line in html.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if (packed and packed[-1].endswith(">") and line.startswith("<")
                and len(packed[-1]) + len(line) <= PACKED_LINE):
            packed[-1] += line
        else:
            packed.append(line)
    return "\r\n".join(packed)


def build_email(message: OutboxMessage, stories: StoryLookup, cache: BodyCache | None = None,
                *, eight_bit: bool = False) -> Envelope:
    """The complete email for ``message``; ``stories`` resolves digest story ids to items.
    ``eight_bit``: the server announced 8BITMIME, so parts may travel as UTF-8 (see mime)."""
    subscriber = message.subscriber
    cache = cache or BodyCache()
    bodies = cache.get(message)
    items: list[StoryItem] = []
    if message.kind == MessageKind.DIGEST:
        items = cache.stories(list(message.story_ids), stories)
    links = links_for(subscriber, cache.urls())
    count = count_phrase(len(items)) if items else ""
    shown = cache.display(subscriber.email)
    values = {"EMAIL": shown, "PREFERENCES": links.preferences,
              "UNSUBSCRIBE": links.unsubscribe, "CONFIRM": links.confirm, "COUNT": count}
    text = bodies.text.fill({**values, "STORIES": "".join(cache.items[i.story_id][0]
                                                           for i in items)})
    values = {name: html_escape(value) for name, value in values.items()}
    values["STORIES"] = "".join(cache.items[i.story_id][1] for i in items)
    html = bodies.html.fill(values)
    sender, from_line = cache.envelope_from()
    lines = [
        from_line,
        f"To: {subscriber.email}",
        cache.subject_line(message, items),
        f"Date: {format_datetime(timezone.now())}",
        f"Message-ID: {message_id(message)}",
        f"List-Unsubscribe: <{links.unsubscribe}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Auto-Submitted: auto-generated",
        "Content-Language: ar",
    ]
    data, eight = compose(lines, text, html, eight_bit=eight_bit)
    return Envelope(sender, subscriber.email, data, eight)
