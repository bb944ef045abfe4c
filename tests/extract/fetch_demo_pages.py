"""Fetch golden pages from the demo newsroom's outlet templates into tests/data/pages/.

usage: .venv/bin/python tests/extract/fetch_demo_pages.py [--per-outlet 2]

Pages are fetched over real HTTP from the local newsroom (127.0.0.1) and stored byte for byte
(the windows-1256 outlet stays windows-1256), with a ``<slug>.gold.json`` holding what the page
must yield: the sample article's title, body and date, and for aggregator copies the original's
address. Then run ``python -m naql.extract.golden tests/data/pages`` and review the diff.
"""

from __future__ import annotations

import argparse
import json
import re
import urllib.request
from pathlib import Path

from naql.demo.newsroom import Newsroom, load_sample

OUT = Path(__file__).resolve().parents[1] / "data" / "pages"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-outlet", type=int, default=2)
    args = ap.parse_args()
    with Newsroom(articles=load_sample()) as room:
        taken: dict[tuple[str, str], int] = {}
        for page in room.pages:
            kind = "copy-credited" if page.is_copy and page.credited else "copy" if page.is_copy else "original"
            key = (page.outlet, kind)
            if taken.get(key, 0) >= args.per_outlet:
                continue
            taken[key] = taken.get(key, 0) + 1
            with urllib.request.urlopen(page.url, timeout=10) as resp:
                raw = resp.read()
            folder = OUT / f"demo-{page.outlet}"
            folder.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^a-z0-9-]+", "-", page.article.slug)[:60] + ("-copy" if page.is_copy else "")
            (folder / f"{slug}.html").write_bytes(raw)
            gold = {
                "url": page.url,
                "title": page.article.title,
                "body": page.article.body,
                "published": page.published.isoformat(),
                "original_url": page.original_url if page.is_copy and page.credited else None,
                "gold_kind": "demo_newsroom",
            }
            (folder / f"{slug}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(folder.name, slug, kind, len(raw))


if __name__ == "__main__":
    main()
