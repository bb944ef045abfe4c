"""Signals the pipeline sends about what readers see.

Why its own signal: the publish stage writes through plain SQL and bulk statements (see
``naql.news.records``), which send no model signals, and per-row signals would be the wrong
grain anyway. Apps that keep derived state (the site's page cache) listen here instead.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction that published articles commits; ``count`` is how many.
articles_published = Signal()
