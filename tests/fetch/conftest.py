"""Fixtures for the fetch tests: fault servers on loopback, and a fast policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from naql.fetch import FetchPolicy, PacePolicy
from tests.fetch.faultserver import FaultServer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """One fault server on 127.0.0.1."""
    with FaultServer() as s:
        yield s


@pytest.fixture
def policy() -> FetchPolicy:
    """Short caps so failures show quickly; pacing gaps short enough for tests."""
    return FetchPolicy(
        user_agent="naql-test/1.0 (+http://127.0.0.1/contact)",
        timeout=5.0,
        connect_timeout=2.0,
        read_timeout=2.0,
        max_bytes=1024 * 1024,
        max_decoded_bytes=2 * 1024 * 1024,
        max_redirects=4,
        pace=PacePolicy(min_delay=0.05, backoff_base=0.2, backoff_cap=1.0, max_wait=3.0),
    )
