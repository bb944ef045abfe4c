"""The fetch hot path does no per-request work it could do once.

A missing optional module costs a failed import — a scan of every ``sys.path`` entry — each
time a library asks for it. httpcore asks for ``sniffio`` on every request; without it
installed that was a fifth of a fetch's CPU (benchmarks/RESULTS.md). This catches any
dependency that starts doing the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from naql.fetch import Crawler, FetchPolicy, FetchRequest
from tests.fetch.faultserver import FaultServer, ok


class _Recorder(MetaPathFinder):
    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        self.names.append(fullname)
        return None  # only watching: the real finders go on as usual


def test_no_import_is_attempted_per_request(server: FaultServer, policy: FetchPolicy) -> None:
    for i in range(21):
        server.route(f"/p{i}", ok(f"<p>{i}</p>", "text/html"))
    recorder = _Recorder()
    with Crawler(policy) as crawler:
        assert all(o.ok for o in crawler.crawl([FetchRequest(server.url("/p0"))]))  # warm up
        sys.meta_path.insert(0, recorder)
        try:
            outcomes = list(crawler.crawl(FetchRequest(server.url(f"/p{i}")) for i in range(1, 21)))
        finally:
            sys.meta_path.remove(recorder)
    assert len(outcomes) == 20
    assert all(o.ok for o in outcomes)
    assert recorder.names == []
