"""Shared fixtures: where the shared data is, where artifacts go, and service requirements.

``NAQL_REQUIRE_SERVICES=1`` (set by CI) turns every "service missing" skip into a failure, so
that a green CI run means the browser and PostgreSQL tests really ran.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
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


ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

# For tests about PostgreSQL itself: they run in the PostgreSQL pass of `make test` (which CI
# always runs, see the Makefile) and are skipped, not failed, in the SQLite pass.
postgres_pass_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…)"
)


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


def _fresh_postgres_database(url: str) -> tuple[str, str]:
    """Create an empty database next to the one ``url`` names; return (its URL, its name)."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"naql_t_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", "")), name


def _drop_postgres_database(url: str, name: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def naql_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for running the real ``naql`` command in a subprocess: its own NAQL_HOME,
    and, when DATABASE_URL names PostgreSQL, its own fresh database (dropped afterwards)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAQL_")}
    env["NAQL_HOME"] = str(tmp_path / "home")
    env["NAQL_HOST_DELAY"] = "0"
    env["NAQL_SECRET_KEY"] = "test-secret-key-not-for-production-0123456789abcdef"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    db_url = os.environ.get("DATABASE_URL", "")
    created: str | None = None
    if db_url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"], created = _fresh_postgres_database(db_url)
        run_naql(env, "migrate")
    try:
        yield env
    finally:
        if created:
            _drop_postgres_database(db_url, created)


NAQL = str(ROOT / ".venv" / "bin" / "naql") if (ROOT / ".venv" / "bin" / "naql").exists() else "naql"


def run_naql(
    env: dict[str, str], *args: str, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``naql`` command; with ``check``, fail the test with its stderr on exit != 0."""
    proc = subprocess.run(
        [NAQL, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and proc.returncode != 0:
        pytest.fail(f"naql {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Public pages are cached per process: start every test with an empty cache so one test's
    pages never answer another's requests."""
    from django.core.cache import cache

    cache.clear()
