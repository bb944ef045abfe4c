"""Filling the demo site from the local newsroom: its outlets become sources, then ingest."""

from __future__ import annotations

from typing import Any

from naql.news.stages import IngestReport, ingest_once
from naql.sources.services import add_source

# Each policy shows once on the demo site: full text, excerpt and link, link only.
_POLICIES = ("full", "excerpt", "full", "link", "full", "excerpt")


def populate(room: Any) -> IngestReport:
    """Add every outlet of ``room`` as a source and ingest everything it serves."""
    for i, outlet in enumerate(room.outlets):
        policy = "full" if outlet.is_aggregator else _POLICIES[i % len(_POLICIES)]
        add_source(outlet.feed_url or outlet.homepage, name=outlet.name, policy=policy)
    return ingest_once()
