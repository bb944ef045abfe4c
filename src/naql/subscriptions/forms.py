"""The subscribe box and the preferences form, with Arabic labels and errors."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from naql.sources.models import Section, Source
from naql.subscriptions.addresses import normalize_email
from naql.subscriptions.errors import InvalidAddress
from naql.subscriptions.models import Subscriber

# Zones of the Arabic-speaking world first, then where large diasporas read from.
TIME_ZONES = (
    ("Asia/Riyadh", _("الرياض، الكويت، الدوحة، بغداد")),
    ("Asia/Dubai", _("دبي، مسقط")),
    ("Africa/Cairo", _("القاهرة")),
    ("Asia/Amman", _("عمّان")),
    ("Asia/Damascus", _("دمشق")),
    ("Asia/Beirut", _("بيروت")),
    ("Asia/Jerusalem", _("القدس")),
    ("Asia/Gaza", _("غزة")),
    ("Africa/Khartoum", _("الخرطوم")),
    ("Africa/Tripoli", _("طرابلس")),
    ("Africa/Tunis", _("تونس")),
    ("Africa/Algiers", _("الجزائر")),
    ("Africa/Casablanca", _("الدار البيضاء")),
    ("Africa/Nouakchott", _("نواكشوط")),
    ("Europe/London", _("لندن")),
    ("Europe/Paris", _("باريس، برلين")),
    ("Europe/Istanbul", _("إسطنبول")),
    ("America/New_York", _("نيويورك")),
    ("UTC", _("التوقيت العالمي")),
)
WEEKDAYS = (
    (5, _("السبت")), (6, _("الأحد")), (0, _("الاثنين")), (1, _("الثلاثاء")),
    (2, _("الأربعاء")), (3, _("الخميس")), (4, _("الجمعة")),
)
MAX_KEYWORDS = 20


class SubscribeForm(forms.Form):
    """Only the address: everything else is chosen on the preferences page after confirming."""

    email = forms.CharField(
        label=_("بريدك الإلكتروني"),
        max_length=320,
        widget=forms.EmailInput(
            attrs={"placeholder": "name@example.com", "dir": "ltr", "autocomplete": "email"}
        ),
        error_messages={"required": _("اكتب عنوان بريدك الإلكتروني.")},
    )

    def clean_email(self) -> str:
        """Normalize here so the view only ever sees a canonical address."""
        try:
            return normalize_email(self.cleaned_data["email"])
        except InvalidAddress as e:
            raise forms.ValidationError(str(e)) from e


class PreferencesForm(forms.ModelForm):  # type: ignore[type-arg]
    """What to receive and when; keywords are typed one per line or comma-separated."""

    time_zone = forms.ChoiceField(label=_("المنطقة الزمنية"), choices=TIME_ZONES)
    hour = forms.TypedChoiceField(
        label=_("ساعة الإرسال"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)]
    )
    weekday = forms.TypedChoiceField(label=_("يوم النشرة الأسبوعية"), coerce=int, choices=WEEKDAYS)
    sections = forms.ModelMultipleChoiceField(
        label=_("الأقسام (اتركها كلها فارغة لتصلك كل الأقسام)"),
        queryset=Section.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("المصادر (اتركها كلها فارغة لتصلك كل المصادر)"),
        queryset=Source.objects.filter(enabled=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords_text = forms.CharField(
        label=_("كلمات تتابعها (كلمة أو عبارة في كل سطر)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("تصلك كل قصة تذكرها، ولو كانت خارج الأقسام والمصادر التي اخترتها."),
    )

    class Meta:
        model = Subscriber
        fields = ("frequency", "hour", "time_zone", "weekday", "sections", "sources")
        widgets: ClassVar[dict[str, type[forms.Widget]]] = {"frequency": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keywords_text"].initial = "\n".join(self.instance.keywords or [])

    def clean_keywords_text(self) -> list[str]:
        """Split, trim and de-duplicate; refuse an unreasonable number rather than cut silently."""
        raw = self.cleaned_data.get("keywords_text") or ""
        words: list[str] = []
        for part in raw.replace("،", ",").replace("\n", ",").split(","):
            word = " ".join(part.split())[:80]
            if word and word not in words:
                words.append(word)
        if len(words) > MAX_KEYWORDS:
            raise forms.ValidationError(
                _("يمكنك متابعة %(n)d كلمة على الأكثر.") % {"n": MAX_KEYWORDS}
            )
        return words

    def save(self, commit: bool = True) -> Subscriber:
        """Store the keyword list alongside the model fields."""
        self.instance.keywords = self.cleaned_data["keywords_text"]
        subscriber: Subscriber = super().save(commit=commit)
        return subscriber
