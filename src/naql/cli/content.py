"""``naql import``, ``naql articles``, ``naql stories``, ``naql search``: the published content."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from naql.cli.output import CommandFailed, emit_json, say
from naql.cli.setup import django_setup


def register(sub: Any) -> None:
    imp = sub.add_parser("import", help="load extracted articles from a JSON Lines file")
    imp.add_argument("file", metavar="FILE.jsonl")
    imp.set_defaults(handler=run_import)
    arts = sub.add_parser("articles", help="list stored articles")
    arts.add_argument("--json", action="store_true")
    arts.add_argument("--limit", type=int, default=None)
    arts.add_argument("--with-body", action="store_true", help="include each article's text")
    shown = arts.add_mutually_exclusive_group()
    shown.add_argument("--hidden", dest="hidden", action="store_true", default=None,
                       help="only articles taken down (hidden)")
    shown.add_argument("--visible", dest="hidden", action="store_false",
                       help="only articles not hidden")
    arts.set_defaults(handler=run_articles)
    st = sub.add_parser("stories", help="list stories with their articles")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=run_stories)
    se = sub.add_parser("search", help="search published articles")
    se.add_argument("query", nargs="+")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--json", action="store_true")
    se.set_defaults(handler=run_search)


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandFailed(f"{args.file}: no such file; give a JSON Lines file of articles")
    django_setup()
    from naql.news.copydesk import CopyDesk
    from naql.news.importing import import_lines
    from naql.news.stages import StageConfig, publish_due_articles

    with path.open(encoding="utf-8", errors="replace") as f:
        report = import_lines(f)
    config = StageConfig.from_settings()
    desk = CopyDesk()
    while publish_due_articles(config, desk=desk):
        pass
    for error in report.errors:
        say(f"naql import: {args.file}: {error} (skipped)")
    say(
        f"imported {report.imported} articles, {report.already_known} already known, "
        f"{len(report.errors)} lines skipped"
    )
    return 1 if report.errors else 0


def run_articles(args: argparse.Namespace) -> int:
    django_setup()
    from naql.news.models import Article

    qs = Article.objects.select_related("source", "duplicate_of").order_by("-published_at", "-id")
    if args.hidden is not None:
        qs = qs.filter(hidden=args.hidden)
    if args.limit:
        qs = qs[: args.limit]
    rows = [
        {
            "url": a.url,
            "source": a.source.slug,
            "title": a.title,
            "published": a.published_at,
            "duplicate_of": a.duplicate_of.url if a.duplicate_of else None,
            "story": a.story_id,
            "hidden": a.hidden,
            **({"body": a.body_text} if args.with_body else {}),
        }
        for a in qs
    ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            hidden = "  [hidden]" if r["hidden"] else ""
            say(f"{r['published']:%Y-%m-%d %H:%M}  {r['source']:<20} {r['title']}{hidden}")
    return 0


def run_stories(args: argparse.Namespace) -> int:
    django_setup()
    from naql.news.models import Story

    rows = [
        {
            "id": s.pk,
            "title": s.title,
            "articles": [
                {"url": a.url, "source": a.source.slug}
                for a in s.articles.select_related("source").order_by("published_at", "id")
            ],
        }
        for s in Story.objects.order_by("-last_published_at", "-id")
    ]
    if args.json:
        emit_json(rows)
    else:
        for s in Story.objects.order_by("-last_published_at", "-id"):
            say(f"{s.pk:>6}  ({s.article_count}) {s.title}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    django_setup()
    from naql.search.engine import search

    page = search(" ".join(args.query), limit=args.limit)
    rows = [
        {
            "url": h.url,
            "title": h.title,
            "source": h.source,
            "published": h.published,
            "score": h.score,
            "snippet": h.snippet_html,
        }
        for h in page.hits
    ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            say(f"{r['score']:.3f}  {r['title']}  {r['url']}")
    return 0
