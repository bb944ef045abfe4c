"""The worker loop behind ``naql worker`` and ``naql run``.

Every process runs the stages that scale out (extract, publish); the one holding the
scheduler lease also runs the scheduled duties (polling due sources, sending due editions).
Work is claimed from the stage tables with leases, so nothing needs a separate queue: a
killed worker's leases run out and any other worker picks its rows up again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import close_old_connections
from django.utils import timezone

from naql.fetch import Crawler
from naql.logs import log
from naql.news import leader
from naql.news.copydesk import CopyDesk
from naql.news.models import WorkerBeat
from naql.news.stages import (
    StageConfig,
    extract_due_entries,
    poll_due_endpoints,
    publish_due_articles,
)
from naql.sources.hostgate import worker_crawler

logger = logging.getLogger(__name__)

Duty = Callable[[], int]


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How a worker behaves: whether it may schedule, how long it idles, lease lengths."""

    schedule: bool = True
    idle_seconds: float = 2.0
    scheduler_lease_seconds: float = 30.0
    extra_duties: tuple[Duty, ...] = field(default_factory=tuple)


def worker_name() -> str:
    """``host:pid``: unique among live processes, readable in the health page."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """Runs stage batches until ``stop`` is set; finishes or releases its current batch."""

    def __init__(
        self, stop: threading.Event, config: StageConfig, options: WorkerOptions | None = None
    ) -> None:
        self.stop = stop
        self.config = config
        self.options = options or WorkerOptions()
        self.name = worker_name()
        self.desk = CopyDesk()

    def _beat(self, current: str) -> None:
        WorkerBeat.objects.update_or_create(
            name=self.name,
            defaults={
                "roles": "scheduler+stages" if self.options.schedule else "stages",
                "last_seen_at": timezone.now(),
                "current": current,
            },
        )

    def _scheduled(self, crawler: Crawler) -> int:
        now = timezone.now()
        if not self.options.schedule or not leader.acquire(
            leader.SCHEDULER, self.name, now=now, seconds=self.options.scheduler_lease_seconds
        ):
            return 0
        done = poll_due_endpoints(self.config, crawler, now, stop=self.stop)
        for duty in self.options.extra_duties:
            done += duty()
        return done

    def run_once(self, crawler: Crawler) -> int:
        """One pass over every duty; returns how much work it did."""
        self._beat("schedule")
        done = self._scheduled(crawler)
        self._beat("extract")
        done += extract_due_entries(self.config, crawler, stop=self.stop)
        self._beat("publish")
        done += publish_due_articles(self.config, stop=self.stop, desk=self.desk)
        return done

    def run(self) -> None:
        """Loop until stopped; idle briefly when a pass found nothing to do."""
        log(logger, logging.INFO, "worker started", worker=self.name)
        try:
            with worker_crawler(self.config.policy) as crawler:
                while not self.stop.is_set():
                    close_old_connections()
                    try:
                        done = self.run_once(crawler)
                    except Exception:
                        # One bad batch must not end the worker: log it and go on.
                        logger.exception(
                            "worker pass failed", extra={"fields": {"worker": self.name}}
                        )
                        done = 0
                    if not done:
                        self.stop.wait(self.options.idle_seconds)
        finally:
            leader.release(leader.SCHEDULER, self.name)
            WorkerBeat.objects.filter(name=self.name).delete()
            log(logger, logging.INFO, "worker stopped", worker=self.name)
