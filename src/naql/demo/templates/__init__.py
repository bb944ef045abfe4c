"""One module per outlet, each with its own page structure; ``OutletTemplate`` is the seam."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from naql.demo.views import ArticleView, HomeView


@dataclass(frozen=True, slots=True)
class OutletTemplate:
    """How one outlet renders its pages: pure functions from a view to an HTML string."""

    article: Callable[[ArticleView], str]
    home: Callable[[HomeView], str]
