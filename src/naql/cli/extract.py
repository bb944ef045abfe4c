"""``naql extract``: pages → article JSON, no database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from naql.cli.output import CommandFailed, emit_json
from naql.errors import FetchError, InputError


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="extract articles from pages (files or URLs) as JSON")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--url", help="the page's address when the input is a file (one input only)")
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.set_defaults(handler=run)


def _read(target: str) -> tuple[bytes, str | None, str | None]:
    """Return (bytes, url, content-type) for a file path or an http(s) URL."""
    if target.startswith(("http://", "https://")):
        from naql.fetch import Fetcher

        with Fetcher() as fetcher:
            r = fetcher.get(target)
        return r.content, r.url, r.headers.get("content-type")
    path = Path(target)
    if not path.exists():
        raise InputError(f"{target}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{target}: is a folder; give the HTML files inside it")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{target}: the file is empty; give a saved HTML page")
    return data, None, None


def _one(target: str, url: str | None) -> dict[str, Any]:
    from naql.extract import Rejected, extract_article
    from naql.text.encoding import decode_document

    data, fetched_url, content_type = _read(target)
    page_url = url or fetched_url
    result = extract_article(decode_document(data, content_type), url=page_url)
    if isinstance(result, Rejected):
        raise InputError(f"{target}: not extracted ({result.reason.value}): {result.detail}")
    return {
        "path": target,
        "url": result.url or page_url,
        "title": result.title,
        "author": result.author,
        "published": result.published,
        "updated": result.updated,
        "image": result.image,
        "section": result.section,
        "lang": result.lang,
        "text": result.text,
        "html": result.html,
        "captions": list(result.captions),
        "original_source": result.original_source,
        "original_url": result.original_url,
    }


def run(args: argparse.Namespace) -> int:
    if args.url and len(args.inputs) > 1:
        raise CommandFailed("--url names one page's address; give a single input with it")
    if len(args.inputs) == 1:
        emit_json(_one(args.inputs[0], args.url))
        return 0
    failed = 0
    for target in args.inputs:
        try:
            emit_json(_one(target, None))
        except (InputError, FetchError) as e:
            failed += 1
            emit_json({"path": target, "error": str(e)})
    return 1 if failed == len(args.inputs) else 0
