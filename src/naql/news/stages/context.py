"""What every stage run needs: settings gathered once, and the crawler that fetches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings

from naql.fetch import FetchPolicy, PacePolicy, PollBounds


@dataclass(frozen=True, slots=True)
class StageConfig:
    """Fetch policy (with per-host pacing), poll bounds, batch size and lease length."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    poll_bounds: PollBounds = field(default_factory=PollBounds)
    batch: int = 50
    lease_seconds: float = 120.0

    @classmethod
    def from_settings(cls) -> StageConfig:
        """Build the config from Django settings (the only place stages read them)."""
        return cls(
            policy=FetchPolicy(
                user_agent=settings.NAQL_USER_AGENT,
                pace=PacePolicy(min_delay=settings.NAQL_HOST_DELAY),
            ),
            poll_bounds=PollBounds(minimum=timedelta(minutes=2), maximum=timedelta(hours=6)),
            batch=settings.NAQL_BATCH_SIZE,
            lease_seconds=settings.NAQL_LEASE_SECONDS,
        )
