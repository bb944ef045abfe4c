"""The search page's context: the query, one page of hits and the paging links.

The engine (``naql.search.engine.search``) stops at an offset of 1,000, so the paging here
stops there too; a notice explains an empty query or one made only of common words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from naql.search.engine import MAX_OFFSET, search
from naql.search.query import Notice

PER_PAGE = 20
NOTICES = {
    Notice.EMPTY: _("اكتب كلمة أو أكثر للبحث."),
    Notice.STOP_WORDS_ONLY: _("كلمات البحث شائعة جدًّا؛ أضف كلمة أدقّ."),
    Notice.EXCLUSIONS_ONLY: _("البحث بالاستبعاد وحده لا يكفي؛ أضف كلمة تبحث عنها."),
}


@dataclass(frozen=True, slots=True)
class ResultPages:
    """Paging over search hits, with the names the pagination template uses."""

    number: int
    total: int

    @property
    def paginator(self) -> ResultPages:
        """Itself: Django's ``Page`` keeps ``num_pages`` on its paginator, templates look there."""
        return self

    @property
    def num_pages(self) -> int:
        return max(1, min(-(-self.total // PER_PAGE), MAX_OFFSET // PER_PAGE + 1))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1


def search_context(request: HttpRequest) -> dict[str, Any]:
    """Run the reader's query (``q``, page ``page``) and shape the template context."""
    # a NUL byte cannot reach PostgreSQL; nobody types one
    query = request.GET.get("q", "").replace("\x00", " ").strip()[:500]
    number = min(_page_number(request.GET.get("page")), MAX_OFFSET // PER_PAGE + 1)
    if not query:
        return {"query": "", "hits": [], "total": 0, "notice": ""}
    result = search(query, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return {
        "query": query,
        "hits": result.hits,
        "total": result.total,
        "notice": NOTICES.get(result.notice, ""),
        "pages": ResultPages(number=number, total=result.total),
    }
