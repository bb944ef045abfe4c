"""Signed, expiring links: confirm a subscription, open preferences, unsubscribe.

Why ``django.core.signing`` with a salt per purpose: a link made for one purpose cannot be
replayed for another, and nothing is stored per link. What makes a link single-use or revocable
is a value in the subscriber's row bound into the signature: ``confirm_nonce`` (cleared once the
confirmation is used) and ``link_key`` (rotated to revoke every link, removed with the row).
"""

from __future__ import annotations

import enum
from datetime import timedelta

from django.core import signing
from django.utils.translation import gettext as _

from naql.subscriptions.errors import BadLink
from naql.subscriptions.models import Subscriber


class Purpose(enum.Enum):
    CONFIRM = "confirm"
    PREFERENCES = "preferences"
    UNSUBSCRIBE = "unsubscribe"


# Confirmations are short-lived; links in sent digests must keep working for as long as people
# keep old emails (an unsubscribe link that dies is a spam complaint waiting to happen).
MAX_AGE = {
    Purpose.CONFIRM: timedelta(days=3),
    Purpose.PREFERENCES: timedelta(days=400),
    Purpose.UNSUBSCRIBE: timedelta(days=400),
}


def _salt(purpose: Purpose) -> str:
    return f"naql.subscriptions.{purpose.value}"


def make_token(subscriber: Subscriber, purpose: Purpose) -> str:
    """A URL-safe signed token naming ``subscriber`` for ``purpose``."""
    bound = subscriber.confirm_nonce if purpose is Purpose.CONFIRM else subscriber.link_key
    # No compression: zlib on a 30-byte payload only costs time (measured in the sender).
    return signing.dumps([subscriber.pk, bound], salt=_salt(purpose))


def read_token(token: str, purpose: Purpose) -> Subscriber:
    """The subscriber a token names, or ``BadLink`` saying why it cannot be used."""
    try:
        value = signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as e:
        raise BadLink(_("انتهت صلاحية هذا الرابط."), reason="expired") from e
    except signing.BadSignature as e:
        raise BadLink(_("هذا الرابط غير صحيح أو تعرّض للتعديل."), reason="forged") from e
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise BadLink(_("هذا الرابط غير صحيح أو تعرّض للتعديل."), reason="forged")
    pk, bound = value
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise BadLink(_("هذا الرابط لم يعد صالحًا."), reason="revoked")
    if purpose is Purpose.CONFIRM:
        if not subscriber.confirm_nonce or bound != subscriber.confirm_nonce:
            raise BadLink(_("استُخدم هذا الرابط من قبل."), reason="used")
    elif bound != subscriber.link_key:
        raise BadLink(_("هذا الرابط لم يعد صالحًا."), reason="revoked")
    return subscriber
