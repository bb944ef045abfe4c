"""Mail delivery benchmark: N subscribers with mixed preferences, one daily edition, delivered
by real sender processes to a local aiosmtpd server.

    .venv/bin/python benchmarks/mail.py --subscribers 10000 --runs 3 [--workers 1] [--connections 4]

Each run resets the edition, starts ``--workers`` processes of ``python -m
naql.subscriptions.sender --connections N`` at once and times them from start to the last exit
(start-up and planning included: the first worker plans while the others wait on the same
rows). The SMTP server runs in a thread of this process, counting what it accepts; this
process's own CPU time during a run is therefore the server's (``server_cpu_seconds``), next to
the senders' (``sender_cpu_seconds``). Uses SQLite in a temporary NAQL_HOME (removed at the end)
unless DATABASE_URL is set (then it must name an empty, migrated-or-migratable database, which
is left as the runs leave it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [("politics", "سياسة"), ("economy", "اقتصاد"), ("sport", "رياضة"),
            ("culture", "ثقافة"), ("tech", "تقنية")]
KEYWORDS = ["الذهب", "غزة", "النفط", "الانتخابات", "كأس العالم", "الذكاء الاصطناعي"]


def _setup(count: int) -> None:
    """Runs in a child process: schema, sources, stories and ``count`` subscribers."""
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from naql.news.models import Article, StageState, Story
    from naql.sources.models import Policy, Section, Source
    from naql.subscriptions.models import Status, Subscriber

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(8)
    now = timezone.now()
    sections = [Section.objects.create(slug=s, name=n, position=i)
                for i, (s, n) in enumerate(SECTIONS)]
    policies = [Policy.FULL, Policy.EXCERPT, Policy.LINK]
    sources = [Source.objects.create(slug=f"outlet{i}", name=f"المصدر {i}",
                                     homepage=f"https://outlet{i}.example/",
                                     policy=policies[i % 3]) for i in range(6)]
    for n in range(60):
        section = sections[n % len(sections)]
        word = KEYWORDS[n % len(KEYWORDS)]
        story = Story.objects.create(title=f"خبر {n} عن {word} في قسم {section.name}")
        for k in range(1 + n % 4):
            source = sources[(n + k) % len(sources)]
            article = Article.objects.create(
                source=source, url=f"https://{source.slug}.example/{n}/{k}", title=story.title,
                body_text=f"الفقرة الأولى من الخبر {n} عن {word}.\n\nالفقرة الثانية.",
                body_html="", story=story, section=section, state=StageState.DONE,
                published_at=now - timezone.timedelta(minutes=rng.randint(1, 600)),
            )
            if k == 0:
                story.representative = article
        story.save()
    subs = [Subscriber(email=f"reader{i:06d}@example.com", status=Status.ACTIVE,
                       frequency="daily", hour=7, time_zone="Asia/Riyadh",
                       confirmed_at=now, keywords=rng.sample(KEYWORDS, rng.randint(0, 2)))
            for i in range(count)]
    Subscriber.objects.bulk_create(subs, batch_size=2000)
    through_sec = Subscriber.sections.through
    through_src = Subscriber.sources.through
    links_sec, links_src = [], []
    for sub in Subscriber.objects.only("pk"):
        for section in rng.sample(sections, rng.randint(0, 3)):
            links_sec.append(through_sec(subscriber_id=sub.pk, section_id=section.pk))
        if rng.random() < 0.3:
            for source in rng.sample(sources, 2):
                links_src.append(through_src(subscriber_id=sub.pk, source_id=source.pk))
    through_sec.objects.bulk_create(links_sec, batch_size=5000)
    through_src.objects.bulk_create(links_src, batch_size=5000)


def _reset(due: str) -> None:
    """Runs in a child process: forget the last run's edition so the next run redoes it all."""
    from datetime import datetime, timedelta

    import django

    django.setup()
    from naql.subscriptions.models import Edition, Subscriber

    at = datetime.fromisoformat(due)
    Edition.objects.all().delete()
    Subscriber.objects.update(next_due_at=at, covered_until=at - timedelta(days=1))


def _child(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], env=env, check=True, cwd=ROOT)


def _serve() -> tuple[Any, Any, int]:
    from aiosmtpd.controller import Controller

    class Counter:
        def __init__(self) -> None:
            self.count = 0
            self.lock = threading.Lock()

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with self.lock:
                self.count += 1
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler, port


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--subscribers", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--connections", type=int, default=1, help="SMTP connections per worker")
    args = p.parse_args()
    home = tempfile.mkdtemp(prefix="naql-mail-bench-")
    controller, handler, port = _serve()
    env = {**os.environ, "NAQL_HOME": home, "NAQL_SMTP_URL": f"smtp://127.0.0.1:{port}",
           "NAQL_BASE_URL": "https://naql.example", "NAQL_FROM_EMAIL": "news@naql.example",
           "NAQL_LOG_LEVEL": "WARNING",
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "naql.settings")}
    due = "2026-11-28T04:00:00+00:00"
    started = time.perf_counter()
    _child(env, "_setup", str(args.subscribers))
    setup_s = time.perf_counter() - started
    results = []
    for _ in range(args.runs):
        _child(env, "_reset", due)
        before = handler.count
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        own0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "naql.subscriptions.sender", "--now",
                                   due, "--connections", str(args.connections)],
                                  env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
                 for _ in range(args.workers)]
        outs = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
        elapsed = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        own1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        # This process only waits while the SMTP server's thread works: its CPU is the server's.
        server_cpu = (own1.ru_utime - own0.ru_utime) + (own1.ru_stime - own0.ru_stime)
        sent = sum(o["sent"] for o in outs)
        received = handler.count - before
        results.append({"seconds": round(elapsed, 2), "sent": sent, "received": received,
                        "planned": sum(o["planned"] for o in outs),
                        "per_second": round(received / elapsed, 1),
                        # CPU seconds of the sender processes: a figure that a busy shared
                        # machine inflates far less than wall time.
                        "sender_cpu_seconds": round(cpu, 2),
                        "per_cpu_second": round(received / cpu, 1) if cpu else None,
                        "server_cpu_seconds": round(server_cpu, 2),
                        "load_average": [round(x, 2) for x in os.getloadavg()]})
        print(json.dumps(results[-1]), flush=True)
    controller.stop()
    shutil.rmtree(home, ignore_errors=True)  # the SQLite database or, with DATABASE_URL, only the key
    seconds = statistics.median(r["seconds"] for r in results)
    print(json.dumps({
        "subscribers": args.subscribers, "workers": args.workers,
        "connections": args.connections, "runs": len(results),
        "median_seconds": seconds,
        "median_per_second": statistics.median(r["per_second"] for r in results),
        "median_sender_cpu_seconds": statistics.median(r["sender_cpu_seconds"] for r in results),
        "median_server_cpu_seconds": statistics.median(r["server_cpu_seconds"] for r in results),
        "setup_seconds": round(setup_s, 1), "machine": platform.platform(),
        "cpus": os.cpu_count(), "load_average": os.getloadavg(),
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
    }))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        _setup(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_reset":
        _reset(sys.argv[2])
    else:
        main()
