"""SIGKILL the sending worker in the middle of a 2,000-subscriber edition, restart it, count.

What must hold (issue 8): everyone gets the edition, and only messages in flight at the kill
(handed to SMTP, not yet marked sent: at most one per SMTP connection) arrive twice. The killed
sender uses several connections, so "one per connection" is what is counted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.subscriptions.conftest import SmtpServer

SUBSCRIBERS = 2000
CONNECTIONS = 3


def _python(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    proc = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _sender(env: dict[str, str], due: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "naql.subscriptions.sender", "--now", due, "--lease-seconds", "2",
         *extra],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.slow
@pytest.mark.postgres
def test_a_killed_sender_loses_nothing_and_repeats_at_most_the_message_in_flight(
    naql_env: dict[str, str], smtp_server: SmtpServer, tmp_path: Path
) -> None:
    env = dict(naql_env)
    env.update({
        "NAQL_SMTP_URL": f"smtp://{smtp_server.host}:{smtp_server.port}",
        "NAQL_BASE_URL": "https://naql.example",
        "NAQL_FROM_EMAIL": "news@naql.example",
        "DJANGO_SETTINGS_MODULE": "tests.subscriptions.subprocess_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
    })
    _python(env, "-m", "naql.cli.main", "migrate")
    due = json.loads(_python(env, "-m", "tests.subscriptions.crash_setup", str(SUBSCRIBERS)))["due"]

    first = _sender(env, due, "--connections", str(CONNECTIONS))
    deadline = time.monotonic() + 120
    while smtp_server.recorder.count() < SUBSCRIBERS // 3:
        assert first.poll() is None, f"sender ended before the kill: {first.communicate()}"
        assert time.monotonic() < deadline, "the sender made no progress"
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    at_kill = smtp_server.recorder.count()
    assert at_kill < SUBSCRIBERS, "the kill came too late to test anything"

    second = _sender(env, due, "--drain")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    totals = json.loads(out.strip().splitlines()[-1])

    received = Counter(r for m in smtp_server.recorder.messages for r in m.rcpt_tos)
    expected = {f"reader{i:05d}@example.com" for i in range(SUBSCRIBERS)}
    assert set(received) == expected, f"{len(expected - set(received))} subscribers got nothing"
    twice = [a for a, n in received.items() if n > 1]
    assert len(twice) <= CONNECTIONS, f"more than one message per connection went twice: {twice}"
    assert all(n <= 2 for n in received.values())
    for address in twice:  # a repeat is the same message: clients can fold it
        ids = {m.message["Message-ID"] for m in smtp_server.recorder.to(address)}
        assert len(ids) == 1
    assert totals["sent"] == SUBSCRIBERS - at_kill + len(twice)
    state = _python(env, "-c", (
        "import django,json;django.setup();"
        "from naql.subscriptions.models import OutboxMessage as O;"
        "print(json.dumps(sorted(O.objects.values_list('state', flat=True).distinct())))"))
    assert json.loads(state) == ["sent"]
