"""naql.extract side by side with trafilatura (default settings, with metadata), same process.

usage: .venv/bin/python benchmarks/extract.py [--sets a,b,c] [--repeat 3] [--limit-c N] [--per-corpus N]

(a) the real Arabic pages with gold (../shared/data/html_extraction, html_dates for dates),
(b) corpus articles rendered into benchmarks/extract_templates (in memory, never written),
(c) ../shared/data/extraction_benchmarks (English; shows we did not overfit to Arabic).
Quality is computed once; speed is the median over --repeat timed passes of each extractor.
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
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_templates.render import TEMPLATES, Filler, Story  # noqa: E402

from naql.extract import Article, extract_article  # noqa: E402
from naql.extract.quality import token_f1  # noqa: E402

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


def quality(fn: Callable[[Case], Output], cases: list[Case]) -> dict[str, float]:
    f1s, titles, dates, date_n, title_n = [], 0, 0, 0, 0
    for c in cases:
        out = fn(c)
        if c.body:
            f1s.append(token_f1(out.text, c.body))
        if c.title:
            title_n += 1
            titles += out.title.strip() == c.title.strip()
        if c.date:
            date_n += 1
            dates += out.date == c.date
    return {
        "body_f1": statistics.fmean(f1s) if f1s else float("nan"),
        "title_acc": titles / title_n if title_n else float("nan"),
        "date_acc": dates / date_n if date_n else float("nan"),
        "n_body": len(f1s), "n_title": title_n, "n_date": date_n,
    }


def speed(fn: Callable[[Case], Output], cases: list[Case], repeat: int) -> float:
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for c in cases:
            fn(c)
        rates.append(len(cases) / (time.perf_counter() - t0))
    return statistics.median(rates)


def per_template(cases: list[Case]) -> Iterator[str]:
    groups: dict[str, list[Case]] = {}
    for c in cases:
        groups.setdefault(c.name.split("/")[0], []).append(c)
    for name, group in sorted(groups.items()):
        a, b = quality(ours, group), quality(theirs, group)
        yield f"  {name:<12} n={len(group):<4} F1 naql {a['body_f1']:.3f} / traf {b['body_f1']:.3f}   title {a['title_acc']:.2f}/{b['title_acc']:.2f}   date {a['date_acc']:.2f}/{b['date_acc']:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="a,b,c")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit-c", type=int, default=0)
    ap.add_argument("--per-corpus", type=int, default=100)
    args = ap.parse_args()
    print(f"# {datetime.now().isoformat(timespec='minutes')} {platform.node()} {platform.processor() or platform.machine()} python {platform.python_version()} trafilatura {trafilatura.__version__}")
    loaders = {"a": set_a, "b": lambda: set_b(args.per_corpus), "c": lambda: set_c(args.limit_c or None)}
    for key in args.sets.split(","):
        cases = loaders[key]()
        qa, qb = quality(ours, cases), quality(theirs, cases)
        sa, sb = speed(ours, cases, args.repeat), speed(theirs, cases, args.repeat)
        print(f"({key}) {len(cases)} pages")
        print(f"  naql        F1 {qa['body_f1']:.3f} (n={qa['n_body']})  title {qa['title_acc']:.3f} (n={qa['n_title']})  date {qa['date_acc']:.3f} (n={qa['n_date']})  {sa:.1f} docs/s")
        print(f"  trafilatura F1 {qb['body_f1']:.3f}            title {qb['title_acc']:.3f}          date {qb['date_acc']:.3f}          {sb:.1f} docs/s  (speed ratio {sa / sb:.2f}x)")
        if key == "b":
            for line in per_template(cases):
                print(line)
    Counter()


if __name__ == "__main__":
    main()
