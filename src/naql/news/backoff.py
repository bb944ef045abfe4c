"""Retry timing for staged work: exponential with full jitter, capped, honouring Retry-After."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

BASE_SECONDS = 30.0
CAP_SECONDS = 6 * 3600.0
MAX_ATTEMPTS = 8


def next_attempt(now: datetime, attempts: int, retry_after: float | None = None) -> datetime:
    """When to try again after ``attempts`` failures; never sooner than the server asked."""
    ceiling = min(CAP_SECONDS, BASE_SECONDS * (2 ** max(0, attempts - 1)))
    delay = random.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)
