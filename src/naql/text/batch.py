"""Analyzing many documents at once, on every core: what a full reindex needs.

Why processes: the analyzer is pure Python (a ``str.translate``, a regex and a dict lookup
per token), so threads would take turns on the GIL. Rebuilding the index of a large site is
the one job where analysis is most of the work and nothing else runs, so it is spread over
a pool of processes while the caller writes what they return.

The pool forks: a child starts at once with the analyzer and its caches loaded, where
``spawn`` or ``forkserver`` would re-import the caller's main script (and run it, if it is
not guarded). A child inherits the caller's database connections but never touches them: it
only runs ``analyze_rows`` on the rows it is sent, and multiprocessing ends it with
``os._exit``, so no finalizer of the parent's objects runs in it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from multiprocessing.pool import AsyncResult

from naql.text.analyzer import DEFAULT_ANALYZER

Row = tuple[int, str, str]
"""(id, title, body) in; (id, title tokens, body tokens) out, tokens joined by spaces."""


def analyze_rows(rows: Sequence[Row], max_body_tokens: int) -> list[Row]:
    """Each row's title and body as the index stores them: analyzer tokens joined by
    spaces, the body cut at ``max_body_tokens``."""
    analyze = DEFAULT_ANALYZER.analyze
    return [
        (pk, " ".join(analyze(title)), " ".join(analyze(body)[:max_body_tokens]))
        for pk, title, body in rows
    ]


def default_processes() -> int:
    """One analyzing process per core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def analyze_all(
    rows: Iterable[Row], *, max_body_tokens: int, processes: int, batch: int = 250
) -> Iterator[list[Row]]:
    """Analyzed batches of ``rows``, in input order. With ``processes`` > 1 the analysis
    runs in a pool, at most two batches per process ahead of the consumer, so memory stays
    bounded however many rows there are; otherwise in this process."""
    source = iter(rows)
    chunks = iter(lambda: list(islice(source, batch)), [])
    if processes <= 1:
        for chunk in chunks:
            yield analyze_rows(chunk, max_body_tokens)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes) as pool:
        ahead: deque[AsyncResult[list[Row]]] = deque()
        for chunk in chunks:
            ahead.append(pool.apply_async(analyze_rows, (chunk, max_body_tokens)))
            if len(ahead) >= 2 * processes:
                yield ahead.popleft().get()
        while ahead:
            yield ahead.popleft().get()
