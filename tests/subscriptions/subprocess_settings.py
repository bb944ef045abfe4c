"""Settings for the worker processes the crash test starts: the project's own, with the URL map
narrowed to what mail links need, so that the test depends on nothing it does not exercise."""

from naql.settings import *  # noqa: F403 - the point is to be the project's settings

ROOT_URLCONF = "tests.subscriptions.urls"
