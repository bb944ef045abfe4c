"""The site's own tables: the operator's site settings and the content version.

``SiteSettings`` is a single row (pk 1) edited in the admin; until the operator saves it, the
environment's ``NAQL_*`` values are the settings (``naql.site.preferences``). ``ContentVersion``
is a single counter that every change to public content bumps (``naql.site.cache``), so that
every web process, whatever its cache, stops serving pages rendered before the change.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = ("site", "title", "source", "source_url", "published")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SINGLETON_PK = 1


def validate_template(value: str) -> None:
    """Refuse a template naming a placeholder the site does not fill (a typo would otherwise
    show ``{sorce}`` to every reader)."""
    unknown = sorted({name for name in _PLACEHOLDER.findall(value) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("العنصر %(unknown)s غير معروف في القالب. العناصر المتاحة: %(known)s."),
            code="unknown_placeholder",
            params={
                "unknown": "، ".join("{" + name + "}" for name in unknown),
                "known": "، ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
        )


def default_site_name() -> str:
    return str(getattr(settings, "NAQL_SITE_NAME", "نقل"))


def default_intro() -> str:
    return str(getattr(settings, "NAQL_ATTRIBUTION_INTRO", ""))


def default_outro() -> str:
    return str(getattr(settings, "NAQL_ATTRIBUTION_OUTRO", ""))


def default_hijri() -> bool:
    return bool(getattr(settings, "NAQL_HIJRI_DATES", False))


def default_arabic_digits() -> bool:
    return bool(getattr(settings, "NAQL_ARABIC_DIGITS", True))


class Languages(models.TextChoices):
    ARABIC = "ar", _("العربية فقط")
    ARABIC_ENGLISH = "ar,en", _("العربية، والإنجليزية لمن يطلبها")


class SiteSettings(models.Model):
    """What the operator sets for the public site (one row)."""

    site_name = models.CharField(_("اسم الموقع"), max_length=100, default=default_site_name)
    attribution_intro = models.TextField(
        _("نص المقدمة"),
        default=default_intro,
        validators=[validate_template],
        help_text=_(
            "يظهر قبل المقال المنقول كاملًا. العناصر: {site} {title} {source} {source_url} "
            "{published}. يمكن لكل مصدر أن يستبدله بنصه."
        ),
    )
    attribution_outro = models.TextField(
        _("نص الخاتمة"),
        default=default_outro,
        validators=[validate_template],
        help_text=_("يظهر بعد المقال المنقول كاملًا، بالعناصر نفسها."),
    )
    languages = models.CharField(
        _("لغات واجهة الموقع"),
        max_length=20,
        choices=Languages.choices,
        default=Languages.ARABIC_ENGLISH,
        help_text=_("العربية هي الأصل؛ الإنجليزية تُطلب بالرابط ‎?lang=en‎."),
    )
    browser_language = models.BooleanField(
        _("اتباع لغة المتصفح"),
        default=False,
        help_text=_("اعرض الواجهة بالإنجليزية لمن يفضّلها متصفحه (Accept-Language)."),
    )
    hijri_dates = models.BooleanField(_("التاريخ الهجري"), default=default_hijri)
    arabic_digits = models.BooleanField(
        _("الأرقام العربية المشرقية (٠١٢…)"), default=default_arabic_digits
    )

    class Meta:
        verbose_name = _("إعدادات الموقع")
        verbose_name_plural = _("إعدادات الموقع")

    def __str__(self) -> str:
        return str(_("إعدادات الموقع"))

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = SINGLETON_PK
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ContentVersion(models.Model):
    """A counter bumped by every change to what the public sees (one row, pk 1)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("إصدار المحتوى")

    def __str__(self) -> str:
        return str(self.value)
