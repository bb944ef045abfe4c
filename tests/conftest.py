"""Shared fixtures: where the shared data is, where artifacts go, and service requirements.

``NAQL_REQUIRE_SERVICES=1`` (set by CI) turns every "service missing" skip into a failure, so
that a green CI run means the browser and PostgreSQL tests really ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
ARTIFACTS = ROOT / "test-artifacts"


def require(condition: bool, what: str) -> None:
    """Skip the test when ``condition`` is false, or fail it when CI requires every service."""
    if condition:
        return
    if os.environ.get("NAQL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required here (NAQL_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available")


@pytest.fixture
def shared_data() -> Path:
    """The read-only ../shared/data folder; tests that need it skip cleanly where it is absent."""
    require(SHARED_DATA.is_dir(), "../shared/data")
    return SHARED_DATA


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A folder under test-artifacts/ for this test's screenshots and dumps."""
    path = ARTIFACTS / request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    path.mkdir(parents=True, exist_ok=True)
    return path
