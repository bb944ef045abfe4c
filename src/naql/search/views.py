"""A plain search page: server-rendered, right-to-left, no JavaScript. The lead mounts it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from naql.search.engine import search
from naql.search.query import Notice

PAGE_SIZE = 20

_NOTICES = {
    Notice.STOP_WORDS_ONLY: _("كلمات البحث شائعة جدًّا؛ أضف كلمة أدق (اسمًا أو مكانًا أو حدثًا)."),
    Notice.EXCLUSIONS_ONLY: _("أضف كلمة تبحث عنها إلى جانب الكلمات المستبعدة بعلامة الطرح."),
}


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or "1"), 50))
    except ValueError:
        return 1


def search_view(request: HttpRequest) -> HttpResponse:
    """``?q=…&page=N&sort=date``: one page of results with highlighted snippets."""
    query = request.GET.get("q", "")
    number = _page_number(request.GET.get("page"))
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = search(query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, sort=sort)
    notice = _NOTICES.get(page.notice, "")
    context = {
        "query": query,
        "page": page,
        "number": number,
        "sort": sort,
        "notice": notice,
        "has_next": number * PAGE_SIZE < page.total,
        "previous": number - 1,
        "next": number + 1,
    }
    return render(request, "search/results.html", context)
