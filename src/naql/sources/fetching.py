"""How one source wants to be fetched and read, and what its fetches cost.

Why one module: the stages, the dry run ("test this source now") and ``naql sources backfill``
must read a source's HTTP settings and extraction rules the same way, and the admin must refuse
exactly what they could not use. Each stage calls in here in one line, so the stages stay free
of per-source details. Validation messages are Arabic: the operator reads them in the admin.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

import lxml.html
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, F, FloatField, Value, When
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

from naql.errors import ConfigError
from naql.extract import ExtractOptions, SiteRules
from naql.extract.rules import select
from naql.fetch import FetchPolicy
from naql.logs import log

logger = logging.getLogger(__name__)

EMA_WEIGHT = 0.2
"""Weight of the newest fetch in ``Source.mean_fetch_ms``: about the last ten fetches count."""

RULE_KEYS = ("body", "title", "published", "author", "remove")
_RULE_TEXT_KEYS = ("title", "published", "author")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_COOKIE_VALUE = re.compile(r'^"?[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"?$')
_HEADER_TEXT = re.compile(r"^[\x20-\x7e]*$")
_EMPTY_PAGE = "<html><body><p></p></body></html>"


def _check_selector(css: str, key: str) -> str:
    css = css.strip()
    if not css:
        raise ValidationError(
            _("قيمة «%(key)s» فارغة: اكتب محدد CSS أو احذف المفتاح."), params={"key": key}
        )
    try:
        select(lxml.html.fromstring(_EMPTY_PAGE), css)
    except ConfigError as e:
        raise ValidationError(
            _("«%(css)s» في «%(key)s» ليس محدد CSS صالحًا (%(detail)s)."),
            params={"css": css, "key": key, "detail": str(e.__cause__ or e)},
        ) from e
    return css


def parse_site_rules(value: Any) -> SiteRules | None:
    """The ``SiteRules`` of a source's stored JSON; None when it has none (``{}`` or null).
    Raises ``ValidationError`` with an Arabic message saying what to fix."""
    if value in (None, {}, ""):
        return None
    if not isinstance(value, dict):
        raise ValidationError(
            _('قواعد الاستخراج كائن JSON بين قوسين معقوفين، مثل {"body": "article .content"}، '
              "لا قائمة ولا نص.")
        )
    unknown = sorted(set(value) - set(RULE_KEYS))
    if unknown:
        raise ValidationError(
            _("مفاتيح غير معروفة: %(keys)s. المفاتيح المقبولة: body، title، published، "
              "author، remove."),
            params={"keys": "، ".join(unknown)},
        )
    body = value.get("body")
    if not isinstance(body, str) or not body.strip():
        raise ValidationError(
            _('المفتاح «body» إلزامي: محدد CSS لحاوية نص المقال، مثل "article .content".')
        )
    texts: dict[str, str | None] = {}
    for key in _RULE_TEXT_KEYS:
        css = value.get(key)
        if css is not None and not isinstance(css, str):
            raise ValidationError(
                _("قيمة «%(key)s» نص واحد (محدد CSS)."), params={"key": key}
            )
        texts[key] = _check_selector(css, key) if css else None
    remove = value.get("remove", [])
    if isinstance(remove, str):
        remove = [remove]
    if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
        raise ValidationError(
            _('قيمة «remove» قائمة محددات CSS، مثل [".share", ".related"].')
        )
    return SiteRules(
        body=_check_selector(body, "body"),
        title=texts["title"],
        published=texts["published"],
        author=texts["author"],
        remove=tuple(_check_selector(r, "remove") for r in remove),
    )


def validate_extraction_rules(value: Any) -> None:
    """Model-field validator of ``Source.extraction_rules``."""
    parse_site_rules(value)


def cookie_header(text: str) -> str:
    """The ``Cookie`` header value of what the operator pasted (``a=1; b=2``, or one pair a
    line); ``""`` for none. Raises ``ValidationError`` (Arabic) for anything a server would
    misread or that could smuggle another header."""
    pairs: list[str] = []
    for raw in re.split(r"[;\r\n]+", text or ""):
        part = raw.strip()
        if not part:
            continue
        name, sep, val = part.partition("=")
        name, val = name.strip(), val.strip()
        if not sep or not _TOKEN.match(name):
            raise ValidationError(
                _("«%(part)s» ليس بصيغة name=value؛ افصل بين ملفات تعريف الارتباط "
                  "بفاصلة منقوطة."),
                params={"part": part[:80]},
            )
        if not _COOKIE_VALUE.match(val):
            raise ValidationError(
                _("قيمة «%(name)s» فيها محارف لا تصلح في ترويسة Cookie "
                  "(مسافات أو فواصل أو حروف غير لاتينية)؛ رمّزها كما يرسلها المتصفح."),
                params={"name": name},
            )
        pairs.append(f"{name}={val}")
    return "; ".join(pairs)


def validate_cookies(value: str) -> None:
    """Model-field validator of ``Source.cookies``."""
    cookie_header(value)


def validate_user_agent(value: str) -> None:
    """Model-field validator of ``Source.user_agent``: one line of printable ASCII."""
    if not _HEADER_TEXT.match(value or ""):
        raise ValidationError(
            _("معرّف الزاحف سطر واحد بمحارف لاتينية قابلة للطباعة، مثل "
              "«naql/1.0 (+https://example.org/bot)».")
        )


def site_rules(source: Any) -> SiteRules | None:
    """The source's extraction rules; rules stored before validation existed that no longer
    parse are skipped (with a warning), so the generic extractor still runs."""
    try:
        return parse_site_rules(source.extraction_rules)
    except ValidationError as e:
        log(logger, logging.WARNING, "extraction rules ignored", source=source.slug,
            error="; ".join(e.messages))
        return None


def extract_options(source: Any) -> ExtractOptions:
    """What extraction knows about a source's pages: its learned boilerplate and its rules."""
    return ExtractOptions(
        boilerplate_lines=frozenset(source.boilerplate_lines or ()),
        site_rules=site_rules(source),
    )


def options_for(cache: dict[int, ExtractOptions], source: Any) -> ExtractOptions:
    """``extract_options(source)`` computed once per source while ``cache`` lives (a batch):
    the extract stage's one-line hook."""
    found = cache.get(source.pk)
    if found is None:
        found = cache[source.pk] = extract_options(source)
    return found


def fetch_policy(source: Any, base: FetchPolicy) -> FetchPolicy:
    """``base`` with the source's User-Agent override, when it has one."""
    agent = (source.user_agent or "").strip()
    return replace(base, user_agent=agent) if agent else base


def request_headers(source: Any) -> dict[str, str]:
    """The extra request headers a source asks for (User-Agent override, Cookie)."""
    headers: dict[str, str] = {}
    if (source.user_agent or "").strip():
        headers["User-Agent"] = source.user_agent.strip()
    try:
        cookie = cookie_header(source.cookies)
    except ValidationError:
        cookie = ""
    if cookie:
        headers["Cookie"] = cookie
    return headers


def _moving_mean(elapsed_ms: float) -> Combinable:
    ms = Value(float(elapsed_ms), output_field=FloatField())
    return Case(
        When(mean_fetch_ms__isnull=True, then=ms),
        default=F("mean_fetch_ms") * (1 - EMA_WEIGHT) + ms * EMA_WEIGHT,
        output_field=FloatField(),
    )


def record_success(source_id: int, now: datetime, elapsed_ms: float | None = None) -> None:
    """One successful fetch of a source's feed: clear its failure count, stamp its last
    success and fold ``elapsed_ms`` (when known) into its mean fetch time, in one UPDATE."""
    from naql.sources.models import Source

    fields: dict[str, Any] = {"last_success_at": now, "consecutive_failures": 0}
    if elapsed_ms is not None:
        fields["mean_fetch_ms"] = _moving_mean(elapsed_ms)
    Source.objects.filter(pk=source_id).update(**fields)


def record_fetch_time(source_id: int, elapsed_ms: float) -> None:
    """Fold one measured fetch of a source (its feed, sitemap or a page) into its mean."""
    record_fetch_times({source_id: elapsed_ms})


_FOLD_FETCH_TIME = (
    "UPDATE sources_source SET mean_fetch_ms = CASE WHEN (mean_fetch_ms IS NULL) THEN %s"
    " ELSE ((mean_fetch_ms * %s) + (%s * %s)) END WHERE id = %s"
)


def record_fetch_times(elapsed_ms: Mapping[int, float]) -> None:
    """``record_fetch_time`` for many sources (source id → fetch time): one fixed statement
    sent once per source, in id order. Why not the ORM: building that UPDATE (the CASE of
    ``_moving_mean``) cost ~1 ms of Python per source, and the extract stage folds its page
    fetch times into a few dozen sources at every flush. The arithmetic is the ORM's own,
    done by the database: the first fetch sets the mean, later ones move it by EMA_WEIGHT."""
    if not elapsed_ms:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            _FOLD_FETCH_TIME,
            [
                (float(ms), 1 - EMA_WEIGHT, float(ms), EMA_WEIGHT, source_id)
                for source_id, ms in sorted(elapsed_ms.items())
            ],
        )
