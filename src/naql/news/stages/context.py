"""What every stage run needs from settings, gathered once and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from naql.fetch import FetchPolicy


@dataclass(frozen=True, slots=True)
class StageConfig:
    """Fetch policy, per-host delay, batch size and lease length for one stage run."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    host_delay: float = 1.0
    batch: int = 200
    lease_seconds: float = 300.0

    @classmethod
    def from_settings(cls) -> StageConfig:
        """Build the config from Django settings (the only place stages read them)."""
        return cls(
            policy=FetchPolicy(user_agent=settings.NAQL_USER_AGENT),
            host_delay=settings.NAQL_HOST_DELAY,
        )
