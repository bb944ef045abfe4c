"""Operator commands: ``naql health``, ``naql sources pause|resume|check``, ``naql articles
hide|unhide``, ``naql stories merge|split``.

The ``sources``, ``articles`` and ``stories`` groups belong to other modules; this one adds its
actions to them (so ``naql articles --json`` keeps listing, and ``naql articles hide`` hides).
Register it after them.
"""

from __future__ import annotations

import argparse
from typing import Any

from naql.cli.output import emit_json, say
from naql.cli.setup import django_setup
from naql.errors import InputError


def _actions(sub: Any, group: str) -> Any:
    """The sub-command table of an existing command group, created if it has none yet."""
    parser: argparse.ArgumentParser = sub.choices[group]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=f"{group}_action", required=False, metavar="ACTION")


def register(sub: Any) -> None:
    h = sub.add_parser("health", help="site and source health (exit 1 if the database is down)")
    h.add_argument("--json", action="store_true")
    h.set_defaults(handler=run_health)

    sources = _actions(sub, "sources")
    for name, handler, text in (
        ("pause", run_pause, "stop polling a source"),
        ("resume", run_resume, "poll a paused source again, starting now"),
    ):
        p = sources.add_parser(name, help=text)
        p.add_argument("slugs", nargs="+", metavar="SLUG")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    c = sources.add_parser("check", help="dry run: fetch feeds, extract 3 pages, store nothing")
    c.add_argument("slug", metavar="SLUG_OR_URL")
    c.add_argument("--sample", type=int, default=3)
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=run_check)

    articles = _actions(sub, "articles")
    for name, handler, text in (
        ("hide", run_hide, "take an article down from the site, feeds, sitemaps and mail"),
        ("unhide", run_unhide, "publish a hidden article again"),
    ):
        p = articles.add_parser(name, help=text)
        p.add_argument("refs", nargs="+", metavar="URL_OR_ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)

    stories = _actions(sub, "stories")
    m = stories.add_parser("merge", help="move story B's articles into story A")
    m.add_argument("target", type=int, metavar="A")
    m.add_argument("other", type=int, metavar="B")
    m.add_argument("--json", action="store_true")
    m.set_defaults(handler=run_merge)
    s = stories.add_parser("split", help="move articles out of a story into a new one")
    s.add_argument("story", type=int, metavar="STORY")
    s.add_argument("refs", nargs="+", metavar="URL_OR_ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=run_split)


def run_health(args: argparse.Namespace) -> int:
    django_setup()
    from naql.ops.health import source_health
    from naql.ops.probes import site_health

    site = site_health()
    doc = site.as_json()
    if site.ok:
        doc["sources"] = [h.as_json() for h in source_health()]
    if args.json:
        emit_json(doc)
    else:
        say(f"database: {doc['database']}  queue depth: {doc.get('queue_depth', '?')}")
        for s in doc.get("sources", []):
            error = f"  {s['last_error_kind']}: {s['last_error']}" if s["last_error"] else ""
            say(f"{s['status']:<9} {s['slug']:<24} {s['articles_30d']:>5} articles/30d{error}")
    return 0 if site.ok else 1


def _sources(slugs: list[str]) -> Any:
    from naql.sources.models import Source

    found = Source.objects.filter(slug__in=slugs)
    missing = sorted(set(slugs) - {s.slug for s in found})
    if missing:
        raise InputError(f"no such source: {', '.join(missing)} (see `naql sources list`)")
    return found


def _switch(args: argparse.Namespace, enabled: bool) -> int:
    django_setup()
    from naql.ops.pausing import pause_sources, resume_sources

    qs = _sources(args.slugs)
    changed = resume_sources(qs) if enabled else pause_sources(qs)
    if args.json:
        emit_json({"sources": sorted(args.slugs), "enabled": enabled, "changed": changed})
    else:
        say(f"{'resumed' if enabled else 'paused'} {changed} of {len(args.slugs)} source(s)")
    return 0


def run_pause(args: argparse.Namespace) -> int:
    return _switch(args, enabled=False)


def run_resume(args: argparse.Namespace) -> int:
    return _switch(args, enabled=True)


def run_check(args: argparse.Namespace) -> int:
    django_setup()
    from django.conf import settings

    from naql.fetch import FetchPolicy
    from naql.ops.dryrun import Probe, check, probe_for

    if args.sample < 1:
        raise InputError("--sample must be at least 1")
    if args.slug.startswith(("http://", "https://")):
        probe = Probe(homepage=args.slug, sample=args.sample)
    else:
        from dataclasses import replace

        probe = replace(probe_for(_sources([args.slug]).get()), sample=args.sample)
    report = check(probe, FetchPolicy(user_agent=settings.NAQL_USER_AGENT))
    if args.json:
        emit_json(report.as_json())
    else:
        for f in report.feeds:
            state = f"{f.error_kind}: {f.error}" if f.error else f"{f.items} items"
            say(f"feed {f.url}: {state}")
        for p in report.pages:
            say(f"  {p.title or '(' + (p.rejected or 'error') + ') ' + p.error}  {p.url}")
    if not report.ok:
        say("naql: the dry run extracted no article: see the errors above and the source's feeds")
    return 0 if report.ok else 1


def _hide(args: argparse.Namespace, hidden: bool) -> int:
    django_setup()
    from naql.ops.moderation import find_article, set_hidden

    articles = [find_article(ref) for ref in args.refs]
    changed = set_hidden(articles, hidden)
    if args.json:
        emit_json({
            "articles": [{"id": a.pk, "url": a.url, "hidden": a.hidden} for a in articles],
            "changed": changed,
        })
    else:
        say(f"{'hid' if hidden else 'unhid'} {changed} of {len(articles)} article(s)")
    return 0


def run_hide(args: argparse.Namespace) -> int:
    return _hide(args, hidden=True)


def run_unhide(args: argparse.Namespace) -> int:
    return _hide(args, hidden=False)


def _story_json(story: Any) -> dict[str, Any]:
    return {
        "id": story.pk,
        "title": story.title,
        "articles": [
            {"url": a.url, "source": a.source.slug}
            for a in story.articles.select_related("source").order_by("published_at", "id")
        ],
    }


def _story(pk: int) -> Any:
    from naql.news.models import Story

    found = Story.objects.filter(pk=pk).first()
    if found is None:
        raise InputError(f"no such story: {pk} (see `naql stories --json`)")
    return found


def run_merge(args: argparse.Namespace) -> int:
    django_setup()
    from naql.ops.moderation import merge_stories

    merged = merge_stories(_story(args.target), _story(args.other))
    if args.json:
        emit_json(_story_json(merged))
    else:
        say(f"merged story {args.other} into {merged.pk}: {merged.article_count} articles")
    return 0


def run_split(args: argparse.Namespace) -> int:
    django_setup()
    from naql.ops.moderation import find_article, split_story

    new = split_story(_story(args.story), [find_article(r) for r in args.refs])
    if args.json:
        emit_json(_story_json(new))
    else:
        say(f"split {len(args.refs)} article(s) off story {args.story} into story {new.pk}")
    return 0
