"""naql.extract side by side with trafilatura (default settings, with metadata), same process.

usage: .venv/bin/python benchmarks/extract.py [--sets a,b,c] [--repeat 3] [--repeat-c 1] [--limit-c N]
                                            [--per-corpus N] [--templates]

(a) the real Arabic pages with gold (../shared/data/html_extraction, html_dates for dates),
(b) corpus articles rendered into benchmarks/extract_templates (in memory, never written),
(c) ../shared/data/extraction_benchmarks (English; shows we did not overfit to Arabic).
Quality is computed on the first pass; docs/s is the best pass of each extractor and the speed
ratio is reported per pass (the two extractors alternate page by page, so load from other
processes falls on both alike) with its median.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_templates.render import TEMPLATES, Filler, Story

from naql.extract import Article, extract_article
from naql.extract.quality import token_f1

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True, slots=True)
class Case:
    """One page and its gold; empty body or title means "no gold for this field"."""

    name: str
    html: bytes
    url: str | None
    body: str
    title: str
    date: str | None


@dataclass(frozen=True, slots=True)
class Output:
    text: str
    title: str
    date: str | None


def ours(c: Case) -> Output:
    r = extract_article(c.html, url=c.url)
    if not isinstance(r, Article):
        return Output("", "", None)
    return Output(r.text, r.title, r.published.date().isoformat() if r.published else None)


def theirs(c: Case) -> Output:
    raw = trafilatura.extract(c.html, url=c.url, with_metadata=True, output_format="json")
    if not raw:
        return Output("", "", None)
    d = json.loads(raw)
    return Output(d.get("text") or "", d.get("title") or "", (d.get("date") or "")[:10] or None)


def set_a() -> list[Case]:
    cases = []
    for d in sorted((SHARED / "html_extraction").iterdir()):
        g = json.loads((d / "gold.json").read_text(encoding="utf-8"))
        date = (g.get("published") or "")[:10] or None
        cases.append(Case(d.name, (d / "page.html").read_bytes(), g["url"], g["body"], g["title"], date))
    for line in (SHARED / "html_dates" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if g["lang"] != "ar":
            continue
        html = (SHARED / "html_dates" / g["file"]).read_bytes()
        cases.append(Case("dates/" + g["file"], html, g["url"], "", "", g["published_date"]))
    return cases


def _records(name: str, n: int, rng: random.Random) -> list[dict[str, str]]:
    with gzip.open(SHARED / "articles" / name, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    recs = [r for r in recs if r.get("title") and len(r["body"]) >= 300 and len(r["body"]) < 12_000]
    return rng.sample(recs, min(n, len(recs)))


def set_b(per_corpus: int) -> list[Case]:
    rng = random.Random(20261127)
    recs = []
    for name in ("ant_multisource.dev.jsonl.gz", "ant_v1_jawharafm.dev.jsonl.gz", "saudinewsnet.dev.jsonl.gz"):
        recs.extend(_records(name, per_corpus, rng))
    filler = Filler(tuple(r["title"] for r in recs), tuple(r["body"].split("\n\n")[0][:200] for r in recs))
    names = sorted(TEMPLATES)
    cases = []
    for i, r in enumerate(recs):
        pub = datetime.fromisoformat(r["published"]) if "T" in r["published"] else datetime.fromisoformat(r["published"] + "T09:00:00")
        story = Story(r["title"], r["body"], pub, r["url"], r.get("source_name") or r["source"])
        tname = names[i % len(names)]
        html = TEMPLATES[tname](story, rng, filler).encode("utf-8")
        cases.append(Case(f"{tname}/{r['id']}", html, None, r["body"], r["title"], pub.date().isoformat()))
    return cases


def set_c(limit: int | None) -> list[Case]:
    cases = []
    for bench in ("scrapinghub_aeb", "wcxb_articles"):
        root = SHARED / "extraction_benchmarks" / bench
        for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            html = gzip.decompress((root / "pages" / f"{g['id']}.html.gz").read_bytes())
            cases.append(Case(f"{bench}/{g['id']}", html, g.get("url"), g["body"], g.get("title") or "", (g.get("published") or "")[:10] or None))
    if limit:
        cases = random.Random(7).sample(cases, min(limit, len(cases)))
    return cases


@dataclass
class Tally:
    """Scores and time of one extractor over one set of pages."""

    f1s: list[float]
    titles: list[bool]
    dates: list[bool]
    seconds: float = 0.0

    def line(self, n: int) -> str:
        f1 = statistics.fmean(self.f1s) if self.f1s else float("nan")
        title = statistics.fmean(self.titles) if self.titles else float("nan")
        date = statistics.fmean(self.dates) if self.dates else float("nan")
        return (f"F1 {f1:.3f} (n={len(self.f1s)})  title {title:.3f} (n={len(self.titles)})  "
                f"date {date:.3f} (n={len(self.dates)})  {n / self.seconds:.1f} docs/s")


def score(tally: Tally, c: Case, out: Output) -> None:
    if c.body:
        tally.f1s.append(token_f1(out.text, c.body))
    if c.title:
        tally.titles.append(" ".join(out.title.split()) == " ".join(c.title.split()))
    if c.date:
        tally.dates.append(out.date == c.date)


def run(cases: list[Case], repeat: int) -> tuple[Tally, Tally, list[float]]:
    """One scored pass plus ``repeat - 1`` timed passes; the two extractors alternate page by
    page so that load from other processes on the machine falls on both alike."""
    a, b = Tally([], [], []), Tally([], [], [])
    ratios: list[float] = []
    for r in range(repeat):
        ta = tb = 0.0
        for c in cases:
            t0 = time.perf_counter()
            oa = ours(c)
            t1 = time.perf_counter()
            ob = theirs(c)
            t2 = time.perf_counter()
            ta += t1 - t0
            tb += t2 - t1
            if r == 0:
                score(a, c, oa)
                score(b, c, ob)
        ratios.append(tb / ta)
        if r == 0:
            a.seconds, b.seconds = ta, tb
        else:
            a.seconds, b.seconds = min(a.seconds, ta), min(b.seconds, tb)
    return a, b, ratios


def per_template(cases: list[Case]) -> Iterator[str]:
    groups: dict[str, list[Case]] = {}
    for c in cases:
        groups.setdefault(c.name.split("/")[0], []).append(c)
    for name, group in sorted(groups.items()):
        a, b, _ = run(group, 1)
        fa, fb = statistics.fmean(a.f1s), statistics.fmean(b.f1s)
        ta, tb = statistics.fmean(a.titles), statistics.fmean(b.titles)
        da, db = statistics.fmean(a.dates), statistics.fmean(b.dates)
        yield f"  {name:<12} n={len(group):<4} F1 naql {fa:.3f} / traf {fb:.3f}   title {ta:.2f}/{tb:.2f}   date {da:.2f}/{db:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="a,b,c")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit-c", type=int, default=0)
    ap.add_argument("--per-corpus", type=int, default=100)
    ap.add_argument("--repeat-c", type=int, default=1)
    ap.add_argument("--templates", action="store_true", help="also break (b) down by template")
    args = ap.parse_args()
    print(f"# {datetime.now().isoformat(timespec='minutes')} {platform.node()} {platform.processor() or platform.machine()} python {platform.python_version()} trafilatura {trafilatura.__version__}")
    loaders = {"a": set_a, "b": lambda: set_b(args.per_corpus), "c": lambda: set_c(args.limit_c or None)}
    for key in args.sets.split(","):
        cases = loaders[key]()
        repeat = args.repeat if key != "c" else args.repeat_c
        a, b, ratios = run(cases, repeat)
        print(f"({key}) {len(cases)} pages, {repeat} pass(es)")
        print(f"  naql        {a.line(len(cases))}")
        print(f"  trafilatura {b.line(len(cases))}")
        print(f"  speed ratio naql/trafilatura per pass: {', '.join(f'{x:.2f}' for x in ratios)} (median {statistics.median(ratios):.2f}x)", flush=True)
        if key == "b" and args.templates:
            for line in per_template(cases):
                print(line, flush=True)


if __name__ == "__main__":
    main()
