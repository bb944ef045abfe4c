"""Copies and stories: quality against silver and hand labels, and cost on a 1M-article stream.

usage:
  .venv/bin/python benchmarks/stories.py neardup [--dump-sample PATH]
  .venv/bin/python benchmarks/stories.py stories
  .venv/bin/python benchmarks/stories.py cost [--n 1000000] [--per-day 5000]

Reads ../shared/data at run time (SaudiNewsNet is never copied into the repository) and
tests/data/stories (the hand-labelled ANT sample). Results go to benchmarks/RESULTS.md
by hand, with the command that produced them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from naql.stories import (  # noqa: E402
    ClusterPolicy,
    NearDuplicateIndex,
    Signer,
    StoryClusterer,
    StoryDoc,
    body_fingerprint,
    is_near_duplicate,
)
from naql.stories.tfidf import intern_tokens  # noqa: E402
from naql.text import analyze  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "articles"
LABELLED = ROOT / "tests" / "data" / "stories" / "ant_stories_labelled.jsonl.gz"
JUDGED = ROOT / "tests" / "data" / "stories" / "neardup_judgements.jsonl"


def read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def when(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["published"]).replace(tzinfo=None)


def cpu_ms(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.process_time()
    out = fn()
    return out, (time.process_time() - start) * 1e3


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# -- near duplicates ----------------------------------------------------------------------------


def neardup(args: argparse.Namespace) -> None:
    rows = [r for r in read(SHARED / "saudinewsnet.dev.jsonl.gz") if r["body"].strip()]
    rows.sort(key=lambda r: (r["published"], r["id"]))
    by_id = {r["id"]: r for r in rows}
    silver = [
        p
        for p in read(SHARED / "neardup_pairs" / "saudinewsnet.dev.pairs.jsonl.gz")
        if p["jaccard_word5"] >= 0.8 and p["id_a"] in by_id and p["id_b"] in by_id
    ]
    silver_any = {
        frozenset((p["id_a"], p["id_b"]))
        for p in read(SHARED / "neardup_pairs" / "saudinewsnet.dev.pairs.jsonl.gz")
    }
    print(f"SaudiNewsNet dev: {len(rows)} non-empty articles, {len(silver)} silver pairs J>=0.8")

    signer = Signer()
    index = NearDuplicateIndex()
    window = timedelta(days=args.window_days)
    groups = UnionFind()
    accepted: set[frozenset[str]] = set()
    sign_ms: list[float] = []
    for r in rows:
        tokens = analyze(r["body"])
        sig, ms = cpu_ms(lambda t=tokens: signer.sign_tokens(t))
        sign_ms.append(ms)
        published = when(r)
        for m in index.query(sig):  # type: ignore[arg-type]
            if is_near_duplicate(sig, index_signature(index, m.doc_id)):  # type: ignore[arg-type]
                accepted.add(frozenset((r["id"], m.doc_id)))
                groups.union(r["id"], m.doc_id)
        index.add(r["id"], sig, published)  # type: ignore[arg-type]
        index.evict_older_than(published - window)

    direct = sum(frozenset((p["id_a"], p["id_b"])) in accepted for p in silver) / len(silver)
    grouped = sum(groups.find(p["id_a"]) == groups.find(p["id_b"]) for p in silver) / len(silver)

    # Baseline 1: exact copies only (the analyzer-normalized body hash).
    fp = {r["id"]: body_fingerprint(r["body"]) for r in rows}
    exact = sum(fp[p["id_a"]] == fp[p["id_b"]] for p in silver) / len(silver)
    # Baseline 2: titles only (token Jaccard of analyzed titles >= 0.5, same window).
    title_tokens = {r["id"]: set(analyze(r["title"])) for r in rows}

    def title_sim(a: str, b: str) -> float:
        ta, tb = title_tokens[a], title_tokens[b]
        return len(ta & tb) / len(ta | tb) if ta and tb else 0.0

    title_recall = sum(title_sim(p["id_a"], p["id_b"]) >= 0.5 for p in silver) / len(silver)

    members: dict[str, list[str]] = defaultdict(list)
    for doc_id in {i for pair in accepted for i in pair}:
        members[groups.find(doc_id)].append(doc_id)
    grouped_pairs = sum(len(m) * (len(m) - 1) // 2 for m in members.values())
    outside = sum(pair not in silver_any for pair in accepted)
    print(f"signature cpu ms/article: median {statistics.median(sign_ms):.3f}")
    print(f"accepted direct pairs: {len(accepted)} ({outside} not in the silver set)")
    print(
        f"groups: {len(members)}, grouped pairs: {grouped_pairs}, largest group {max(map(len, members.values()))}"
    )
    print(f"recall J>=0.8  naql direct {direct:.4f}  naql grouped {grouped:.4f}")
    print(
        f"recall J>=0.8  baseline exact-hash {exact:.4f}  baseline title-jaccard>=0.5 {title_recall:.4f}"
    )

    rng = random.Random(20261127)
    all_grouped = sorted(
        (a, b) for m in members.values() for a in sorted(m) for b in sorted(m) if a < b
    )
    sample = rng.sample(all_grouped, min(args.sample, len(all_grouped)))
    if args.dump_sample:
        with open(args.dump_sample, "w", encoding="utf-8") as f:
            for a, b in sample:
                ra, rb = by_id[a], by_id[b]
                f.write(
                    json.dumps(
                        {
                            "id_a": a,
                            "id_b": b,
                            "title_a": ra["title"],
                            "title_b": rb["title"],
                            "lead_a": ra["body"][:400],
                            "lead_b": rb["body"][:400],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        print(
            f"sample of {len(sample)} grouped pairs written to {args.dump_sample} (contains SNN text: keep out of the repo)"
        )
    if JUDGED.exists():
        verdicts = {(j["id_a"], j["id_b"]): j["verdict"] for j in map(json.loads, JUDGED.open())}
        judged = [verdicts[p] for p in sample if p in verdicts]
        if judged:
            wrong = sum(v == "different" for v in judged)
            print(
                f"false merges in the judged sample: {wrong}/{len(judged)} = {wrong / len(judged):.3f}"
            )


def index_signature(index: NearDuplicateIndex, doc_id: str) -> object:
    return index._docs[doc_id][0]  # benchmark-only peek, to decide on the stored signature


# -- stories ------------------------------------------------------------------------------------


def bcubed(assign: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_key: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in gold:
        by_key[assign[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_key[assign[i]] & by_gold[gold[i]]) / len(by_key[assign[i]]) for i in gold) / len(
        gold
    )
    r = sum(len(by_key[assign[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(
        gold
    )
    return p, r, 2 * p * r / (p + r)


def ant_stream(gold: dict[str, str]) -> list[StoryDoc]:
    """Every ANT dev article from 4 days before to 2 days after each labelled set, one per URL."""
    spans = [("2018-03-04", "2018-03-12"), ("2018-06-16", "2018-06-23")]
    rows = sorted(read(SHARED / "ant_multisource.dev.jsonl.gz"), key=lambda r: (r["published"], r["id"]))
    # The corpus files some articles twice (two categories, one URL): keep the labelled copy.
    labelled_urls = {r["url"] for r in rows if r["id"] in gold}
    seen: set[str] = set()
    docs = []
    for r in rows:
        if r["url"] in seen or not r["body"].strip():
            continue
        if r["url"] in labelled_urls and r["id"] not in gold:
            continue
        day = r["published"][:10]
        if r["id"] in gold or any(lo <= day < hi for lo, hi in spans):
            seen.add(r["url"])
            docs.append(StoryDoc.from_text(r["id"], r["source"], when(r), r["title"], r["body"]))
    return docs


def run_clusterer(
    docs: Iterable[StoryDoc], policy: ClusterPolicy
) -> tuple[dict[str, str], list[float]]:
    c = StoryClusterer(policy)
    keys: dict[str, str] = {}
    absorbed: dict[str, str] = {}
    costs = []
    for d in docs:
        result, ms = cpu_ms(lambda d=d: c.add(d))
        costs.append(ms)
        keys[d.doc_id] = result.story_key  # type: ignore[attr-defined]
        for m in result.merges:  # type: ignore[attr-defined]
            absorbed[m.absorbed] = m.into

    def final(k: str) -> str:
        while k in absorbed:
            k = absorbed[k]
        return k

    return {i: final(k) for i, k in keys.items()}, costs


def run_title_baseline(docs: list[StoryDoc], threshold: float, window: timedelta) -> dict[str, str]:
    """Join the most recent story whose founding title shares >= threshold of title tokens."""
    open_stories: list[tuple[datetime, str, set[str]]] = []
    keys = {}
    for d in docs:
        open_stories = [s for s in open_stories if s[0] >= d.published - window]
        title = set(d.title_tokens)
        best, best_sim = None, threshold
        for _, key, t in open_stories:
            sim = len(title & t) / len(title | t) if title and t else 0.0
            if sim >= best_sim:
                best, best_sim = key, sim
        if best is None:
            open_stories.append((d.published, d.doc_id, title))
            best = d.doc_id
        keys[d.doc_id] = best
    return keys


def stories(args: argparse.Namespace) -> None:
    labelled = read(LABELLED)
    gold = {r["id"]: r["story"] for r in labelled}
    sets = {name: {i: g for i, g in gold.items() if g.startswith(name + ":")} for name in "AB"}
    for name, g in sets.items():
        multi = {s for s in g.values() if list(g.values()).count(s) > 1}
        print(
            f"set {name}: {len(g)} articles, {len(set(g.values()))} stories, {len(multi)} with >1 article"
        )
    docs = ant_stream(gold)
    print(f"stream: {len(docs)} ANT articles (labelled {sum(d.doc_id in gold for d in docs)})")

    def report(label: str, keys: dict[str, str]) -> dict[str, tuple[float, float, float]]:
        out = {n: bcubed(keys, g) for n, g in sets.items()}
        cells = "  ".join(f"{n}: P {p:.3f} R {r:.3f} F1 {f:.3f}" for n, (p, r, f) in out.items())
        print(f"{label:<44} {cells}")
        return out

    exact = {d.doc_id: body_fingerprint(" ".join(d.body_tokens)) for d in docs}
    report("baseline exact-hash only", exact)
    for t in (0.3, 0.5):
        report(f"baseline title-jaccard >= {t}", run_title_baseline(docs, t, timedelta(hours=72)))
    default = ClusterPolicy()
    keys, costs = run_clusterer(docs, default)
    report("naql default policy (in-sample)", keys)
    print(
        f"clustering cpu ms/article: median {statistics.median(costs):.3f}  p99 {sorted(costs)[int(len(costs) * 0.99)]:.3f}"
    )
    # Held-out estimate: choose the threshold on one set, report it on the other.
    grid = [replace(default, threshold=t) for t in (0.35, 0.45, 0.55)]
    results = [report(f"threshold {p.threshold}", run_clusterer(docs, p)[0]) for p in grid]
    for fit, test in (("A", "B"), ("B", "A")):
        best = max(range(len(grid)), key=lambda i: results[i][fit][2])
        print(
            f"chosen on {fit}: threshold {grid[best].threshold} -> {test} F1 {results[best][test][2]:.3f}"
        )


# -- cost ---------------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cost(args: argparse.Namespace) -> None:
    rng = random.Random(7)
    pool_rows = [r for r in read(SHARED / "ant_multisource.dev.jsonl.gz") if r["body"].strip()]
    pool_rows += [r for r in read(SHARED / "saudinewsnet.dev.jsonl.gz") if r["body"].strip()]
    t0 = time.perf_counter()
    pool = [
        (
            r["source"],
            r["title"],
            intern_tokens(analyze(r["title"])),
            intern_tokens(analyze(r["body"])),
        )
        for r in pool_rows
    ]
    analyze_s = time.perf_counter() - t0
    del pool_rows
    print(
        f"pool: {len(pool)} articles analyzed in {analyze_s:.1f} s wall ({analyze_s / len(pool) * 1e3:.3f} ms/article)"
    )
    signer = Signer()
    index = NearDuplicateIndex()
    clusterer = StoryClusterer()
    start = datetime(2030, 1, 1)
    step = timedelta(days=1) / args.per_day
    window = timedelta(hours=72)
    block_cpu, block_wall, copies = 0.0, time.perf_counter(), 0
    cpu_per_article: list[float] = []
    print(
        f"{'articles':>9} {'cpu ms/art':>10} {'wall ms/art':>11} {'rss MB':>7} {'window':>7} {'stories':>8} {'lsh':>7} {'copies':>7}",
        flush=True,
    )
    for n in range(args.n):
        source, title, title_tokens, body_tokens = pool[rng.randrange(len(pool))]
        published = start + n * step
        doc_id = f"r{n}"
        c0 = time.process_time()
        sig = signer.sign_tokens(body_tokens)
        for m in index.query(sig, limit=5):
            if is_near_duplicate(sig, index._docs[m.doc_id][0]):
                copies += 1
                break
        index.add(doc_id, sig, published)
        index.evict_older_than(published - window)
        clusterer.add(StoryDoc(doc_id, source, published, title, title_tokens, body_tokens))
        block_cpu += time.process_time() - c0
        if (n + 1) % args.every == 0:
            wall = time.perf_counter() - block_wall
            cpu_per_article.append(block_cpu / args.every * 1e3)
            print(
                f"{n + 1:>9} {block_cpu / args.every * 1e3:>10.3f} {wall / args.every * 1e3:>11.3f} "
                f"{rss_mb():>7.0f} {len(clusterer):>7} {clusterer.open_stories:>8} {len(index):>7} {copies:>7}",
                flush=True,
            )
            block_cpu, block_wall = 0.0, time.perf_counter()
    print(
        f"median block cpu ms/article {statistics.median(cpu_per_article):.3f}; "
        f"peak rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("neardup")
    p.add_argument("--window-days", type=float, default=7.0)
    p.add_argument("--sample", type=int, default=100)
    p.add_argument("--dump-sample")
    p.set_defaults(fn=neardup)
    p = sub.add_parser("stories")
    p.set_defaults(fn=stories)
    p = sub.add_parser("cost")
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--per-day", type=int, default=5000)
    p.add_argument("--every", type=int, default=50_000)
    p.set_defaults(fn=cost)
    args = parser.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
