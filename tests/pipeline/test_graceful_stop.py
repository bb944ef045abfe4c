"""SIGTERM: a worker finishes the item in hand, releases the rest of its batch, and exits."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from naql.demo.newsroom import Newsroom, load_sample
from tests.conftest import NAQL, run_naql
from tests.pipeline.test_crash_safety import Database


@pytest.fixture(scope="module")
def room() -> Iterator[Any]:
    with Newsroom(articles=load_sample(), host="127.0.0.1") as newsroom:
        yield newsroom


@pytest.mark.postgres
@pytest.mark.slow
def test_sigterm_releases_claimed_work_and_exits(
    room: Any, naql_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**naql_env, "NAQL_BATCH_SIZE": "100", "NAQL_LEASE_SECONDS": "600"}
    for outlet in room.outlets:
        run_naql(env, "sources", "add", outlet.feed_url, "--policy", "full")
    db = Database(env)
    with (tmp_path / "w.log").open("wb") as out:
        proc = subprocess.Popen([NAQL, "worker"], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = db.rows("SELECT count(*) FROM news_entry WHERE state <> 'pending'")[0][0]
            if done >= 5:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the worker did not start extracting within 120 s")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    pending = db.rows("SELECT count(*) FROM news_entry WHERE state = 'pending'")[0][0]
    assert pending > 0, "the worker finished everything before the signal; the test proves nothing"
    held = db.rows(
        "SELECT count(*) FROM news_entry WHERE state = 'pending' AND lease_until IS NOT NULL"
    )[0][0]
    assert held == 0, f"{held} pending entries are still leased after a graceful stop"
    assert db.rows("SELECT count(*) FROM news_workerbeat")[0][0] == 0
    assert db.rows("SELECT count(*) FROM news_lease")[0][0] == 0
