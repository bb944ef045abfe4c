"""Email address validation and normalization: one mailbox, one spelling, one row.

Why normalize at all: "Ali@Example.COM " and "ali@example.com" reach the same mailbox, and
an IDN domain typed in Arabic script reaches the same server as its ``xn--`` form. Storing one
canonical form keeps the unique constraint honest and the rate limit per address meaningful.
Non-ASCII local parts need SMTPUTF8 end to end, which few relays offer; we refuse them with a
clear message rather than accept an address we would fail to deliver to.
"""

from __future__ import annotations

import idna
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from naql.subscriptions.errors import InvalidAddress

MAX_LENGTH = 254


def normalize_email(raw: str) -> str:
    """Return the canonical form of ``raw`` or raise ``InvalidAddress`` with an Arabic reason."""
    text = raw.strip().replace("\uff20", "@")  # a full-width @ typed on some Arabic keyboards
    if text.count("@") != 1:
        raise InvalidAddress(_("العنوان يجب أن يحتوي على علامة @ واحدة، مثل name@example.com."))
    local, domain = text.rsplit("@", 1)
    if not local or not domain:
        raise InvalidAddress(_("اكتب العنوان كاملًا: الاسم قبل @ والنطاق بعدها."))
    if not local.isascii():
        raise InvalidAddress(
            _("الجزء الذي قبل @ يجب أن يكون بحروف لاتينية؛ النطاق وحده يمكن أن يكون بالعربية.")
        )
    try:
        ascii_domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError as e:
        raise InvalidAddress(_("نطاق البريد غير صالح: تأكد من كتابته صحيحًا.")) from e
    address = f"{local}@{ascii_domain}".lower()
    if len(address) > MAX_LENGTH:
        raise InvalidAddress(_("العنوان أطول من المسموح به (254 حرفًا)."))
    try:
        EmailValidator()(address)
    except ValidationError as e:
        raise InvalidAddress(_("هذا ليس عنوان بريد إلكتروني صالحًا، مثل name@example.com.")) from e
    return address


def display_email(address: str) -> str:
    """The address as people typed it: the IDN domain back in its own script."""
    local, domain = address.rsplit("@", 1)
    try:
        return f"{local}@{idna.decode(domain)}"
    except idna.IDNAError:
        return address
