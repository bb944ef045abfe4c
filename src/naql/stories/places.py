"""Place names: the cheapest named-entity signal that tells two same-topic events apart.

Why a gazetteer: two earthquakes on one day, or two World Cup matches on one evening, share
all the vocabulary of their topic; what differs is *where* (and *who*, which for national
teams is again a country). A story about Osaka should not take an article about Guatemala.
The list is countries, a few regions and the cities that lead Arabic news, spelled as the
outlets spell them; names pass through the analyzer, so they match analyzed tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

from naql.text import analyze

_NAMES_TEXT = """
السعودية الإمارات قطر البحرين الكويت عمان اليمن العراق سوريا لبنان الأردن فلسطين إسرائيل مصر
السودان ليبيا تونس الجزائر المغرب موريتانيا الصومال جيبوتي إيران تركيا أفغانستان باكستان الهند
الصين اليابان كوريا روسيا أوكرانيا بيلاروسيا أمريكا أميركا كندا المكسيك البرازيل الأرجنتين تشيلي
كولومبيا فنزويلا بيرو أوروغواي باراغواي الإكوادور بوليفيا كوبا غواتيمالا هندوراس نيكاراغوا بنما
بريطانيا إنجلترا فرنسا ألمانيا إيطاليا إسبانيا البرتغال هولندا بلجيكا سويسرا النمسا السويد النرويج
الدنمارك فنلندا بولندا التشيك المجر رومانيا بلغاريا صربيا كرواتيا اليونان قبرص أيسلندا إيرلندا
نيجيريا السنغال غانا الكاميرون إثيوبيا كينيا أوغندا تنزانيا رواندا الكونغو أنغولا مالي
النيجر تشاد بوركينا إندونيسيا ماليزيا الفلبين تايلاند فيتنام ميانمار بنغلاديش سريلانكا نيبال
أستراليا نيوزيلندا فيجي تونغا بابوا كازاخستان أوزبكستان أذربيجان أرمينيا جورجيا بنما
أفريقيا الرياض الزور بيونغيانغ جدة مكة دبي أبوظبي الدوحة المنامة مسقط صنعاء عدن الحديدة تعز بغداد الموصل البصرة
أربيل دمشق حلب إدلب الغوطة عفرين منبج درعا الرقة بيروت عمان القدس غزة القاهرة
الإسكندرية سيناء الخرطوم طرابلس بنغازي درنة تونس الجزائر الرباط نواكشوط طهران
أنقرة إسطنبول كابول نيودلهي بكين طوكيو أوساكا سيول موسكو كييف واشنطن
نيويورك لندن باريس برلين روما مدريد بروكسل جنيف فيينا لومبوك سومطرة بالي جاكرتا مانيلا
جازان جيزان الباحة عسير أبها القصيم بريدة حائل تبوك نجران الجوف الطائف الدمام الخبر الأحساء
ينبع القطيف الخرج المنورة مشيط
"""


class Gazetteer:
    """Analyzed place tokens, built once and passed to whoever needs them (no module state)."""

    __slots__ = ("_tokens",)

    def __init__(self, names: Iterable[str] | None = None) -> None:
        tokens: set[str] = set()
        for name in _NAMES_TEXT.split() if names is None else names:
            analyzed = analyze(name)
            # One-letter or two-letter stems ("عمان" → a common word's stem) would fire on
            # ordinary words; only distinctive stems count.
            tokens.update(t for t in analyzed if len(t) >= 3)
        self._tokens = frozenset(tokens)

    @property
    def tokens(self) -> frozenset[str]:
        """Every analyzed place token."""
        return self._tokens

    def places(self, tokens: Iterable[str]) -> frozenset[str]:
        """The place tokens among ``tokens``."""
        return self._tokens.intersection(tokens)
