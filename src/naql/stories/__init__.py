"""Copies and stories: fingerprints, near-duplicate detection and story clustering (pure core).

The stage in ``naql.news`` drives these one article at a time:

- ``body_fingerprint`` for exact copies;
- ``Signer().sign_tokens(tokens)`` → ``Signature`` (``to_bytes``/``from_bytes`` for a column),
  ``NearDuplicateIndex`` to find candidates in a time window, ``is_near_duplicate`` to decide,
  ``choose_canonical`` to pick the article the copies point to;
- ``StoryClusterer.add(StoryDoc)`` → ``Assignment`` (story key, merges), ``restore`` to
  rebuild after a restart, ``story(key)`` for the representative article and title.

No Django here (import-linter enforces it): everything is rebuilt from what the stage stores.
"""

from naql.stories.clusterer import Assignment, ClusterPolicy, Merge, StoryClusterer, StoryView
from naql.stories.copies import (
    Canonical,
    CopyCandidate,
    CopyPolicy,
    choose_canonical,
    credited_agencies,
    is_near_duplicate,
)
from naql.stories.docs import StoryDoc
from naql.stories.fingerprint import body_fingerprint
from naql.stories.lsh import IndexedSignature, Match, NearDuplicateIndex
from naql.stories.signature import Signature, Signer

__all__ = [
    "Assignment",
    "Canonical",
    "ClusterPolicy",
    "CopyCandidate",
    "CopyPolicy",
    "IndexedSignature",
    "Match",
    "Merge",
    "NearDuplicateIndex",
    "Signature",
    "Signer",
    "StoryClusterer",
    "StoryDoc",
    "StoryView",
    "body_fingerprint",
    "choose_canonical",
    "credited_agencies",
    "is_near_duplicate",
]
