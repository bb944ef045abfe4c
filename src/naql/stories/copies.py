"""Deciding that two articles are copies, and which one of a group is the canonical one.

Why Jaccard *or* containment: an aggregator's wrapper, a new intro or a dropped paragraph
adds or removes shingles on one side only. Jaccard then falls with the size of the edit,
while containment (the share of the smaller text found in the larger) stays near 1. Bare
containment would also call a short item "a copy" of a long roundup that quotes it, so it
only counts when the two texts are of comparable length and not tiny. The thresholds are
measured in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from naql.stories.marks import conflict
from naql.stories.signature import Signature


@dataclass(frozen=True, slots=True)
class CopyPolicy:
    """Thresholds of the copy decision (defaults measured on the silver pairs)."""

    min_jaccard: float = 0.5
    # Short texts are where templates live (congratulation cables, verdict notices that
    # differ only in a name): they need more overlap to count as one article.
    short_shingles: int = 150
    short_min_jaccard: float = 0.7
    min_containment: float = 0.8
    # Containment alone counts only when the longer text is at most this many times the shorter.
    max_size_ratio: float = 2.5
    # ... and the shorter one has at least this many shingles (about as many words).
    min_shingles: int = 60
    # Fact check (naql.stories.marks): when each text has a number or ordinal the other
    # lacks, they are two events in one template (the 4th and the 5th relief plane), however
    # alike the words.
    check_numbers: bool = True


DEFAULT_POLICY = CopyPolicy()


def is_near_duplicate(a: Signature, b: Signature, policy: CopyPolicy = DEFAULT_POLICY) -> bool:
    """True when a reader would call the two texts the same article (see the module doc)."""
    if a.size == 0 or b.size == 0:
        return False
    if (
        policy.check_numbers
        and a.numbers is not None
        and b.numbers is not None
        and conflict(a.numbers, b.numbers)
    ):
        return False
    small, large = sorted((a.size, b.size))
    floor = policy.short_min_jaccard if small < policy.short_shingles else policy.min_jaccard
    if a.jaccard(b) >= floor:
        return True
    return (
        small >= policy.min_shingles
        and large <= policy.max_size_ratio * small
        and a.containment(b) >= policy.min_containment
    )


# Wire agencies as Arabic papers credit them: "(واس)", "(أ ف ب)", "ا.ف.ب", "رويترز", "د ب أ" …
# Letters may be separated by spaces or dots; the alef may carry a hamza or not.
_SEP = r"[\s.\u200f]*"
_AGENCY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("spa", r"\(\s*واس\s*\)|وكالة الأنباء السعودية"),
    ("afp", rf"[اأإ]{_SEP}ف{_SEP}ب(?![\u0600-\u06ff])|فرانس برس|\bAFP\b"),
    ("reuters", r"رويترز|\bReuters\b"),
    ("dpa", rf"د{_SEP}ب{_SEP}[اأ](?![\u0600-\u06ff])|الألمانية للأنباء|\bdpa\b"),
    ("ap", rf"(?<![\u0600-\u06ff])[اأ]{_SEP}ب(?![\u0600-\u06ff])|أسوشيتد برس|\bAP\b"),
    ("mena", rf"[اأ]{_SEP}ش{_SEP}[اأ](?![\u0600-\u06ff])|وكالة أنباء الشرق الأوسط"),
    ("kuna", r"\(\s*كونا\s*\)"),
    ("wam", r"\(\s*وام\s*\)"),
    ("qna", r"\(\s*قنا\s*\)"),
    ("sana", r"\(\s*سانا\s*\)"),
    ("anadolu", r"الأناضول"),
)
_AGENCIES = tuple((key, re.compile(pattern)) for key, pattern in _AGENCY_PATTERNS)
# Credits sit in the dateline or the last lines; scanning the ends keeps quotes in the
# middle of an article ("قالت رويترز إن…") from counting as a credit as often.
_HEAD = 300
_TAIL = 200


def credited_agencies(text: str) -> tuple[str, ...]:
    """Keys of the wire agencies the text credits in its dateline or its last lines, in order."""
    ends = text[:_HEAD] + "\n" + text[-_TAIL:]
    found = [(m.start(), key) for key, rx in _AGENCIES if (m := rx.search(ends))]
    return tuple(key for _, key in sorted(found))


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    """One article of a copy group, as much as choosing the canonical one needs."""

    doc_id: str
    source: str
    published: datetime
    text: str = ""


@dataclass(frozen=True, slots=True)
class Canonical:
    """The chosen article and why (``"wire"`` or ``"earliest"``), for logs and admin."""

    doc_id: str
    reason: str
    agency: str | None = None


def choose_canonical(
    candidates: Sequence[CopyCandidate], wire_sources: Mapping[str, str] | None = None
) -> Canonical:
    """The article the others become copies of.

    ``wire_sources`` maps a source key to the agency it is (``{"was": "spa"}``). The wire
    agency's own article wins when it is in the group and some member credits that agency
    (or it is the only wire present); otherwise the earliest wins. Ties break on doc id, so
    the choice is the same in every process and after every restart.
    """
    if not candidates:
        raise ValueError("choose_canonical needs at least one candidate")
    ordered = sorted(candidates, key=lambda c: (c.published, c.doc_id))
    wires = wire_sources or {}
    wire_members = [c for c in ordered if c.source in wires]
    if wire_members:
        credited: dict[str, None] = {}
        for c in ordered:
            credited.update(dict.fromkeys(credited_agencies(c.text)))
        for c in wire_members:
            if wires[c.source] in credited:
                return Canonical(c.doc_id, "wire", wires[c.source])
        agencies = {wires[c.source] for c in wire_members}
        if len(agencies) == 1:
            first = wire_members[0]
            return Canonical(first.doc_id, "wire", wires[first.source])
    return Canonical(ordered[0].doc_id, "earliest")
