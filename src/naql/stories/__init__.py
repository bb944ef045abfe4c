"""Copies and stories: fingerprints, near-duplicate detection and story clustering (pure core)."""

from naql.stories.fingerprint import body_fingerprint

__all__ = ["body_fingerprint"]
