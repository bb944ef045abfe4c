"""Fixtures for the site tests: an empty page cache per test and a built newsroom."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from naql.site import cache as content
from tests.site.newsroom import Newsroom, build


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """whitenoise warns (an error here) when STATIC_ROOT is missing before collectstatic."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Pages are cached per process; a page cached by one test must not leak into the next.
    Nor may the site settings read in one: a rolled-back test transaction un-does its writes
    but not the content version's local epoch, so start every test on a new epoch. And in
    Arabic: Django's locale middleware leaves the last request's language active."""
    cache.clear()
    content.clock.touched()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    content.clock.touched()


@pytest.fixture
def newsroom(db: None) -> Newsroom:
    return build()
