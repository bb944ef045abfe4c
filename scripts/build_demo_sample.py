"""Build the demo newsroom's bundled sample from the ANT corpora in ../shared/data.

The demo must show story clustering, so most articles come from one three-week window
(5–25 March 2018) in which the five pan-Arab outlets of ANT multisource covered the same
events; within it, articles whose title shares words with another outlet's title of the same
days are preferred. Jawhara FM (ANT v1, Tunisia, 2017) adds a local, single-source outlet.
The output is deterministic: same input, same bytes (gzip mtime is pinned to 0).

usage: .venv/bin/python scripts/build_demo_sample.py [--data ../shared/data] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = ROOT / "src" / "naql" / "demo" / "data"
MULTI_WINDOW = ("2018-03-05", "2018-03-25")
JAWHARA_WINDOW = ("2017-02-01", "2017-02-28")
PER_OUTLET = 62
BY_OVERLAP = 44  # the rest of an outlet's quota is spread over its other sections
JAWHARA_COUNT = 50
MIN_BODY = 300
MAX_BODY = 7000  # keeps the committed file small; long features add bytes, not demo value
OVERLAP_DAYS = 2
KEEP = ("id", "source", "title", "body", "published", "author", "category", "url")
WORD = re.compile(r"[\u0621-\u064A]+")


def read(path: Path) -> Iterator[dict[str, str]]:
    """Yield the records of one corpus file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def stable_key(record_id: str) -> str:
    """An order that looks random but never changes between runs or Python versions."""
    return hashlib.sha1(record_id.encode()).hexdigest()  # noqa: S324 - ordering, not security


def usable(records: Iterator[dict[str, str]], window: tuple[str, str]) -> list[dict[str, str]]:
    """Records in the window with a title and a body of useful length, first copy only."""
    seen_urls: set[str] = set()
    seen_bodies: set[str] = set()
    out = []
    for r in sorted(records, key=lambda r: r["id"]):
        if not window[0] <= r["published"][:10] <= window[1]:
            continue
        body = r["body"].strip()
        if not r["title"].strip() or not MIN_BODY <= len(body) <= MAX_BODY:
            continue
        if r["url"] in seen_urls or body in seen_bodies:
            continue
        seen_urls.add(r["url"])
        seen_bodies.add(body)
        out.append(r)
    return out


def title_words(title: str) -> frozenset[str]:
    """Content words of a title, with the article prefix dropped so 'السورية' meets 'سورية'."""
    words = set()
    for word in WORD.findall(title):
        stem = word.removeprefix("ال") if len(word) > 5 else word
        if len(stem) >= 4:
            words.add(stem)
    return frozenset(words)


def overlap_scores(records: list[dict[str, str]]) -> dict[str, int]:
    """For each record, how many other outlets ran a title sharing two words within two days."""
    parsed = [
        (r, datetime.fromisoformat(r["published"]), title_words(r["title"])) for r in records
    ]
    scores: dict[str, int] = {}
    for r, when, words in parsed:
        outlets = {
            o["source"]
            for o, o_when, o_words in parsed
            if o["source"] != r["source"]
            and abs(o_when - when) <= timedelta(days=OVERLAP_DAYS)
            and len(words & o_words) >= 2
        }
        scores[r["id"]] = len(outlets)
    return scores


def pick_spread(pool: list[dict[str, str]], count: int) -> list[dict[str, str]]:
    """Take ``count`` records round-robin over categories, so each outlet has every section."""
    by_cat: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in sorted(pool, key=lambda r: stable_key(r["id"])):
        by_cat[r.get("category") or ""].append(r)
    picked: list[dict[str, str]] = []
    while len(picked) < count and any(by_cat.values()):
        for cat in sorted(by_cat):
            if by_cat[cat] and len(picked) < count:
                picked.append(by_cat[cat].pop(0))
    return picked


def pick_multisource(path: Path) -> list[dict[str, str]]:
    """Per outlet: the titles most shared with other outlets, then a spread of sections."""
    records = usable(read(path), MULTI_WINDOW)
    scores = overlap_scores(records)
    picked = []
    for source in sorted({r["source"] for r in records}):
        mine = [r for r in records if r["source"] == source]
        mine.sort(key=lambda r: (-scores[r["id"]], stable_key(r["id"])))
        top = mine[:BY_OVERLAP]
        rest = list(mine[BY_OVERLAP:])
        picked += top + pick_spread(rest, PER_OUTLET - len(top))
    return picked


def pick_jawhara(path: Path) -> list[dict[str, str]]:
    """Jawhara FM: full timestamps only (half the corpus has bare dates), all sections."""
    records = [r for r in usable(read(path), JAWHARA_WINDOW) if "T" in r["published"]]
    return pick_spread(records, JAWHARA_COUNT)


def without_cross_duplicates(records: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop any repeat of a url or body across the two corpora (defensive: they never meet)."""
    seen: set[str] = set()
    out = []
    for r in records:
        if r["url"] in seen or r["body"] in seen:
            continue
        seen.update((r["url"], r["body"]))
        out.append(r)
    return out


def write_sample(records: list[dict[str, str]], out: Path) -> None:
    """Write JSON Lines, gzip with a fixed mtime so rebuilding gives identical bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(
        json.dumps({k: (r.get(k) or "").strip() for k in KEEP}, ensure_ascii=False) + "\n"
        for r in sorted(records, key=lambda r: (r["published"], r["id"]))
    )
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(lines.encode("utf-8"))


def main() -> None:
    """Pick the sample, write it and copy the ANT licence beside it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DEMO_DATA / "articles.jsonl.gz")
    args = parser.parse_args()
    articles = args.data / "articles"
    records = without_cross_duplicates(
        pick_multisource(articles / "ant_multisource.dev.jsonl.gz")
        + pick_jawhara(articles / "ant_v1_jawharafm.dev.jsonl.gz")
    )
    write_sample(records, args.out)
    shutil.copyfile(
        args.data / "LICENSES" / "antcorpus.data-LICENSE.txt", args.out.parent / "LICENSE-ANT.txt"
    )
    per_outlet: dict[str, int] = defaultdict(int)
    for r in records:
        per_outlet[r["source"]] += 1
    print(f"{len(records)} articles, {args.out.stat().st_size} bytes: {dict(per_outlet)}")


if __name__ == "__main__":
    main()
