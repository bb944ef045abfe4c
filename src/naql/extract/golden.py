"""Regenerate the golden expectations: ``python -m naql.extract.golden tests/data/pages``.

Every ``<site>/<slug>.html`` gets ``<slug>.expected.json``: what ``extract_article`` returns for
it today, in the ``naql extract --json`` shape plus ``method`` and, for rejections, ``rejected``.
The page's address comes from ``<slug>.gold.json`` when there is one. Review the diff before
committing: a changed expectation is a changed behaviour.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from naql.extract.model import Article, Rejected
from naql.extract.pipeline import extract_article


def page_url(html_path: Path) -> str | None:
    """The address recorded for a golden page, if any."""
    gold = html_path.with_name(html_path.name[: -len(".html")] + ".gold.json")
    if not gold.exists():
        return None
    value = json.loads(gold.read_text(encoding="utf-8")).get("url")
    return value if isinstance(value, str) else None


def as_json(result: Article | Rejected) -> dict[str, Any]:
    """An extraction result as the JSON object the golden files hold."""
    if isinstance(result, Rejected):
        return {"rejected": str(result.reason), "detail": result.detail}
    return {
        "title": result.title,
        "author": result.author,
        "published": result.published.isoformat() if result.published else None,
        "updated": result.updated.isoformat() if result.updated else None,
        "image": result.image,
        "section": result.section,
        "lang": result.lang,
        "site_name": result.site_name,
        "keywords": list(result.keywords),
        "captions": list(result.captions),
        "original_source": result.original_source,
        "original_url": result.original_url,
        "method": result.method,
        "text": result.text,
        "html": result.html,
    }


def expected_for(html_path: Path) -> dict[str, Any]:
    """What the extractor gives for one golden page now."""
    return as_json(extract_article(html_path.read_bytes(), url=page_url(html_path)))


def regenerate(root: Path) -> int:
    """Rewrite every expectation under ``root``; returns how many files changed."""
    changed = 0
    for html_path in sorted(root.glob("*/*.html")):
        target = html_path.with_name(html_path.name[: -len(".html")] + ".expected.json")
        text = json.dumps(expected_for(html_path), ensure_ascii=False, indent=1) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed += 1
            print(f"updated {target}")
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: one argument, the pages folder."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m naql.extract.golden PAGES_DIR", file=sys.stderr)
        return 2
    n = regenerate(Path(args[0]))
    print(f"{n} expectation(s) changed; review with git diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
