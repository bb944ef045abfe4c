"""The copy decision on real articles, and which copy becomes the canonical one."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import pytest

from naql.stories import (
    CopyCandidate,
    Signature,
    Signer,
    choose_canonical,
    credited_agencies,
    is_near_duplicate,
)

SIGNER = Signer()


def sign(text: str):
    return SIGNER.sign_text(text)


def wrap_like_an_aggregator(title: str, body: str) -> str:
    """Intro and outro sentences of the kind aggregator sites put around copied articles
    (the pattern of /work/shared/reference/aggregator-page-example.txt, site name changed)."""
    intro = (
        f"ننقل لكم في موقع الخبر الآن موضوع ({title}) "
        "نتمنى لكم الفائدة ونشكر المصدر الأصلي على النشر."
    )
    outro = (
        "موقع الخبر الآن موقع منوع ننقل به أخبار ومعلومات مفيدة للمستخدم العربي. "
        f"والمصدر الأصلي هو المعني بكل ما ورد في مقال {title}\n\n"
        "اكتشاف المزيد من موقع الخبر الآن\n\n"
        "اشترك للحصول على أحدث التدوينات المرسلة إلى بريدك الإلكتروني."
    )
    return f"{intro}\n\n{body}\n\n{outro}"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Al Arabiya and Sky News Arabia run the same wire copy under different headlines.
        ("AL-internationalNews-676-20180329", "SK-internationalNews-654-20180329"),
        ("AL-internationalNews-452-20180313", "SK-internationalNews-307-20180313"),
        ("AL-sport-283-20180227", "SK-sport-138-20180227"),
    ],
)
def test_wire_copies_with_different_headlines_are_copies(ant_cases, a, b):
    assert ant_cases[a]["title"] != ant_cases[b]["title"]
    assert is_near_duplicate(sign(ant_cases[a]["body"]), sign(ant_cases[b]["body"]))


def test_aggregator_wrapper_does_not_hide_a_copy(ant_cases):
    row = ant_cases[
        "AL-internationalNews-676-20180329"
    ]  # a short article: the wrapper weighs a lot
    original = sign(row["body"])
    wrapped = sign(wrap_like_an_aggregator(row["title"], row["body"]))
    assert original.jaccard(wrapped) < 0.9  # the wrapper really does change the shingle set
    assert is_near_duplicate(original, wrapped)


def test_new_intro_and_dropped_paragraph_is_still_a_copy(ant_cases):
    row = ant_cases["AL-internationalNews-452-20180313"]
    paragraphs = row["body"].split("\n\n")
    assert len(paragraphs) >= 4
    intro = "في تطور جديد لقضية الروهينغا، نشرت لجنة أممية اليوم نتائج تحقيقها الذي استمر أشهرا."
    edited = "\n\n".join([intro, *paragraphs[:-1]])
    assert is_near_duplicate(sign(row["body"]), sign(edited))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Two football matches, same outlet style: Chelsea–Crystal Palace and Brazil–Russia.
        ("AL-sport-541-20180310", "AL-sport-825-20180323"),
        ("SK-sport-206-20180310", "SK-sport-407-20180323"),
        # Two earthquakes on the same day: Guatemala and Osaka.
        ("AL-internationalNews-1671-20180618", "FR-internationalNews-1876-20180618"),
        # Two earthquakes on the same day, same outlet, same template: Fiji–Tonga and Lombok.
        ("SK-internationalNews-3083-20180819", "SK-internationalNews-3085-20180819"),
    ],
)
def test_same_topic_different_events_are_not_copies(ant_cases, a, b):
    assert not is_near_duplicate(sign(ant_cases[a]["body"]), sign(ant_cases[b]["body"]))


def test_short_texts_need_more_overlap():
    """A templated notice that differs only in the names must not count as a copy."""
    template = (
        "بعث خادم الحرمين الشريفين برقية تهنئة لفخامة الرئيس {name} رئيس جمهورية {country} "
        "بمناسبة ذكرى استقلال بلاده. وأعرب باسمه واسم شعب وحكومة المملكة عن أصدق التهاني "
        "وأطيب التمنيات بالصحة والسعادة لفخامته، ولحكومة وشعب {country} الصديق اطراد التقدم والازدهار."
    )
    a = sign(template.format(name="إيفو موراليس", country="بوليفيا"))
    b = sign(template.format(name="رفائيل كوريا", country="الإكوادور"))
    assert a.jaccard(b) > 0.3  # mostly the same words...
    assert not is_near_duplicate(a, b)  # ...but not the same news


RELIEF_PLANE = (
    "وصلت اليوم الطائرة الإغاثية {nth} إلى مطار عدن الدولي محملة بـ {tons} طنا من الأجهزة "
    "والمستلزمات الطبية لمرضى الفشل الكلوي، يرافقها فريق إغاثي من مركز الملك سلمان للإغاثة "
    "والأعمال الإنسانية. وتأتي هذه المساعدات ضمن جسر جوي لنقل الأدوية والأغذية إلى المحافظات "
    "اليمنية، وقد تسلمت الشحنة الجهات الصحية في المدينة لتوزيعها على المستشفيات والمراكز "
    "الطبية التي تعاني من نقص حاد في الأدوية والمستلزمات منذ بداية الأزمة، على أن تتبعها "
    "طائرات أخرى خلال الأيام المقبلة وفق الخطة التي وضعها المركز بالتنسيق مع الحكومة اليمنية "
    "ومنظمات الإغاثة الدولية العاملة في البلاد لتلبية احتياجات المرضى والمصابين."
)


def test_the_same_template_with_other_numbers_is_another_event():
    """The 4th and the 5th relief plane: the words agree, the facts conflict."""
    fourth = sign(RELIEF_PLANE.format(nth="الرابعة", tons="10"))
    fifth = sign(RELIEF_PLANE.format(nth="الخامسة", tons="12"))
    assert fourth.jaccard(fifth) >= 0.7
    assert not is_near_duplicate(fourth, fifth)


def test_a_copy_that_drops_or_adds_a_fact_is_still_a_copy():
    """Facts on one side only (a new intro, a dropped sentence) are not a conflict."""
    base = RELIEF_PLANE.format(nth="الرابعة", tons="10")
    intro = "عدن 31 يوليو 2015: " + base
    dropped = base.replace(" بـ 10 طنا", "")
    assert is_near_duplicate(sign(base), sign(intro))
    assert is_near_duplicate(sign(intro), sign(dropped))


def test_signatures_stored_before_fact_marks_still_decide():
    """A version-1 row (no marks) decodes and is compared on shingles alone."""
    new = sign(RELIEF_PLANE.format(nth="الرابعة", tons="10"))
    v1 = b"\x01" + new.to_bytes()[1 : 8 + 4 * new.num_perm]
    old = Signature.from_bytes(v1)
    assert old.numbers is None
    assert old.values == new.values
    other = sign(RELIEF_PLANE.format(nth="الخامسة", tons="12"))
    assert is_near_duplicate(old, other)  # nothing to check the facts against


T0 = datetime(2018, 3, 1, 8, 0, tzinfo=UTC)


def test_canonical_is_the_earliest_when_no_wire_is_present():
    chosen = choose_canonical(
        [
            CopyCandidate("b", "okaz", T0 + timedelta(hours=1)),
            CopyCandidate("a", "alriyadh", T0 + timedelta(hours=2)),
            CopyCandidate("c", "sabq", T0),
        ]
    )
    assert (chosen.doc_id, chosen.reason) == ("c", "earliest")


def test_ties_break_on_id_whatever_the_input_order():
    group = [CopyCandidate(x, "s", T0) for x in ("z", "m", "a")]
    assert choose_canonical(group).doc_id == "a"
    assert choose_canonical(list(reversed(group))).doc_id == "a"


def test_the_wire_agencys_own_article_wins_when_credited():
    wires = {"was": "spa"}
    chosen = choose_canonical(
        [
            CopyCandidate(
                "paper", "alyaum", T0, "الرياض (واس) أجرى صاحب السمو الملكي اتصالا هاتفيا"
            ),
            CopyCandidate(
                "agency", "was", T0 + timedelta(hours=3), "أجرى صاحب السمو الملكي اتصالا"
            ),
        ],
        wires,
    )
    assert chosen == type(chosen)("agency", "wire", "spa")


def test_a_wire_not_credited_loses_to_the_earliest_when_wires_disagree():
    wires = {"afp_ar": "afp", "reuters_ar": "reuters"}
    chosen = choose_canonical(
        [
            CopyCandidate("paper", "x", T0, "نص بلا نسبة"),
            CopyCandidate("afp", "afp_ar", T0 + timedelta(hours=1), "نص"),
            CopyCandidate("rtr", "reuters_ar", T0 + timedelta(hours=2), "نص"),
        ],
        wires,
    )
    assert chosen.doc_id == "paper"


def test_choose_canonical_needs_candidates():
    with pytest.raises(ValueError, match="at least one"):
        choose_canonical([])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الرياض (واس) - أعلنت وزارة الداخلية", ("spa",)),
        ("باريس (أ ف ب) - قال الرئيس الفرنسي", ("afp",)),
        ("بيروت - ا.ف.ب: أعلن الجيش", ("afp",)),
        ("لندن - رويترز: ارتفعت أسعار النفط", ("reuters",)),
        ("برلين (د ب أ) - أعلنت الشرطة", ("dpa",)),
        ("القاهرة (أ ش أ) - أعلنت وزارة الصحة", ("mena",)),
        ("قال وزير الخارجية إن المحادثات مستمرة وإن الوفد سيعود الأسبوع المقبل", ()),
    ],
)
def test_credited_agencies_in_datelines(text, expected):
    assert credited_agencies(text) == expected


def test_a_quote_in_the_middle_of_a_long_article_is_not_a_credit():
    text = "افتتاحية " * 80 + "وكانت رويترز قد نقلت عن مصادر " + "تحليل " * 80
    assert credited_agencies(text) == ()


@pytest.mark.shared_data
def test_recall_on_silver_saudinewsnet_pairs(shared_data):
    """Pairs the silver set calls near-identical (word-5 Jaccard ≥ 0.8) must be called copies."""
    pairs_path = shared_data / "articles" / "neardup_pairs" / "saudinewsnet.dev.pairs.jsonl.gz"
    with gzip.open(pairs_path, "rt", encoding="utf-8") as f:
        pairs = [p for p in map(json.loads, f) if p["jaccard_word5"] >= 0.8]
    wanted = {i for p in pairs for i in (p["id_a"], p["id_b"])}
    bodies: dict[str, str] = {}
    with gzip.open(
        shared_data / "articles" / "saudinewsnet.dev.jsonl.gz", "rt", encoding="utf-8"
    ) as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                bodies[row["id"]] = row["body"]
    sigs = {i: sign(b) for i, b in bodies.items()}
    found = sum(is_near_duplicate(sigs[p["id_a"]], sigs[p["id_b"]]) for p in pairs)
    assert len(pairs) > 1000
    assert found / len(pairs) >= 0.95
