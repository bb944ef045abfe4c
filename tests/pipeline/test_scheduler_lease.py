"""One scheduler at a time, and a quick takeover when it dies."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from naql.news import leader
from tests.conftest import NAQL
from tests.pipeline.test_crash_safety import Database


@pytest.mark.django_db
def test_only_one_holder_until_the_lease_runs_out() -> None:
    t0 = timezone.now()
    assert leader.acquire("scheduler", "a", now=t0, seconds=30)
    assert not leader.acquire("scheduler", "b", now=t0 + timedelta(seconds=5), seconds=30)
    # The holder renews; the other still cannot take it.
    assert leader.acquire("scheduler", "a", now=t0 + timedelta(seconds=20), seconds=30)
    assert not leader.acquire("scheduler", "b", now=t0 + timedelta(seconds=45), seconds=30)
    # The holder stops renewing (died): after its lease ends, the other takes over...
    assert leader.acquire("scheduler", "b", now=t0 + timedelta(seconds=51), seconds=30)
    # ...and the old holder, coming back, cannot renew over it.
    assert not leader.acquire("scheduler", "a", now=t0 + timedelta(seconds=52), seconds=30)
    assert leader.holder_of("scheduler", now=t0 + timedelta(seconds=52)) == "b"
    leader.release("scheduler", "b")
    assert leader.holder_of("scheduler", now=t0 + timedelta(seconds=53)) is None


@pytest.mark.postgres
@pytest.mark.slow
def test_two_workers_one_scheduler_and_takeover_after_a_kill(
    naql_env: dict[str, str], tmp_path: Path
) -> None:
    db = Database(naql_env)
    log = tmp_path / "w.log"

    def spawn() -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            return subprocess.Popen([NAQL, "worker"], env=naql_env, stdout=out, stderr=out)

    def holders() -> list[str]:
        now = "now()" if db.url else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
        return [h for (h,) in db.rows(f"SELECT holder FROM news_lease WHERE until > {now}")]  # noqa: S608

    if not db.url:
        subprocess.run([NAQL, "migrate"], env=naql_env, check=True, capture_output=True)
    procs = [spawn(), spawn()]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not holders():
            time.sleep(0.5)
        first = holders()
        assert len(first) == 1, first
        pids = {str(p.pid): p for p in procs}
        holder_pid = first[0].rsplit(":", 1)[1]
        # Both workers are alive and beating; only one of them schedules.
        for _ in range(6):
            time.sleep(0.5)
            assert len(holders()) <= 1
        pids[holder_pid].send_signal(signal.SIGKILL)
        pids[holder_pid].wait()
        killed_at = time.monotonic()
        while time.monotonic() - killed_at < 90:
            now_holders = holders()
            if now_holders and now_holders[0] != first[0]:
                break
            time.sleep(0.5)
        else:
            pytest.fail("no worker took the scheduler over within 90 s of the holder's death")
        # Bounded by the lease length (30 s) plus one idle pass.
        assert time.monotonic() - killed_at < 45
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=30)


@pytest.mark.django_db
def test_healthz_reports_live_workers_and_the_scheduler(client: object) -> None:
    from naql.news.models import WorkerBeat

    now = timezone.now()
    WorkerBeat.objects.create(name="host-a:1", roles="stages", last_seen_at=now)
    WorkerBeat.objects.create(name="host-b:2", roles="stages", last_seen_at=now - timedelta(hours=1))
    leader.acquire("scheduler", "host-a:1", now=now, seconds=30)
    body = client.get("/healthz").json()  # type: ignore[attr-defined]
    assert body["workers"] == {"alive": 1, "names": ["host-a:1"]}
    assert body["scheduler"] == "host-a:1"
