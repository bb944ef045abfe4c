"""Per-host pacing shared by every worker on one PostgreSQL database (``HostSlot`` rows).

Why the database: the workers may run on several machines, and the database is the one thing
they all see. One row per host says when the next request may start anywhere (``free_at``)
and who is fetching from it now (``holder``, until ``held_until``). Taking a host is one
upsert that succeeds only when the host is free, so two workers can never both take it;
giving it back moves ``free_at`` to the end of the request plus the delay, a backoff or a
Retry-After. A holder that crashes frees the host when its hold runs out.

Each call is its own autocommit statement (no transaction held across a request), on the
connection of the crawler's gate thread. SQLite runs one process (``naql run``), whose
in-process pacer is already the whole truth, so it gets no gate.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

from django.db import DatabaseError, connection, connections

from naql.fetch import Crawler, FetchPolicy
from naql.fetch.gate import HostGate
from naql.logs import log

logger = logging.getLogger(__name__)

POLL = 0.05
"""Seconds between tries while another worker holds the host (its request is in flight)."""

_TAKE = """
INSERT INTO sources_hostslot AS s (host, free_at, held_until, holder)
VALUES (%(host)s, clock_timestamp() + make_interval(secs => %(gap)s),
        clock_timestamp() + make_interval(secs => %(hold)s), %(me)s)
ON CONFLICT (host) DO UPDATE
   SET free_at = excluded.free_at, held_until = excluded.held_until, holder = excluded.holder
 WHERE s.free_at <= clock_timestamp()
   AND (s.held_until <= clock_timestamp() OR s.holder = excluded.holder)
RETURNING 1
"""
_WAIT = """
SELECT greatest(extract(epoch FROM free_at - clock_timestamp()),
                CASE WHEN holder <> %(me)s AND held_until > clock_timestamp()
                     THEN least(%(poll)s, extract(epoch FROM held_until - clock_timestamp()))
                     ELSE 0 END)
  FROM sources_hostslot WHERE host = %(host)s
"""
_GIVE_BACK = """
UPDATE sources_hostslot
   SET held_until = clock_timestamp(),
       free_at = greatest(free_at, clock_timestamp() + make_interval(secs => %(gap)s))
 WHERE host = %(host)s AND holder = %(me)s
"""


class DatabaseHostGate:
    """A ``HostGate`` on PostgreSQL. Used from one thread (the crawler's gate thread)."""

    def __init__(self, holder: str | None = None) -> None:
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._warned = False

    def acquire(self, host: str, *, start_gap: float, hold: float) -> float:
        params: dict[str, str | float] = {
            "host": host,
            "gap": start_gap,
            "hold": hold,
            "me": self.holder,
            "poll": POLL,
        }
        try:
            with connection.cursor() as cursor:
                cursor.execute(_TAKE, params)
                if cursor.fetchone() is not None:
                    return 0.0
                cursor.execute(_WAIT, params)
                row = cursor.fetchone()
        except DatabaseError as e:
            self._unavailable(e)
            return 0.0
        wait = float(row[0]) if row and row[0] is not None else 0.0
        return max(wait, 0.01)  # lost a race to a row that is free again: try at once

    def release(self, host: str, *, gap: float) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(_GIVE_BACK, {"host": host, "gap": gap, "me": self.holder})
        except DatabaseError as e:
            self._unavailable(e)

    def close(self) -> None:
        connection.close()

    def _unavailable(self, error: DatabaseError) -> None:
        """The database is the workers' lifeline: if it fails, the stages fail next and
        retry. Meanwhile the in-process pacer still spaces this worker's requests, so a
        request goes ahead rather than the crawl stopping; said once, not per request."""
        connection.close_if_unusable_or_obsolete()
        if not self._warned:
            self._warned = True
            log(
                logger,
                logging.WARNING,
                "shared host pacing unavailable; pacing this worker alone",
                error=str(error)[:300],
            )


def shared_host_gate() -> HostGate | None:
    """The gate every crawler of a worker should use: one on PostgreSQL, none on SQLite."""
    if connections["default"].vendor != "postgresql":
        return None
    return DatabaseHostGate()


def worker_crawler(policy: FetchPolicy) -> Crawler:
    """The crawler every stage runner uses: on PostgreSQL its hosts' pace is shared with
    every other worker. One place, so no runner can forget the gate."""
    return Crawler(policy, shared_host_gate())
