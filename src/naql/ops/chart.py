"""A small inline SVG bar chart: articles per day, readable without JavaScript.

Why SVG built here rather than a chart library: thirty bars are a few lines of markup, the page
stays one request, and the numbers are in each bar's ``<title>`` for a screen reader or a hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 150
HEIGHT = 32


def daily_bars(counts: Sequence[int], days: Sequence[date], label: str) -> SafeString:
    """Bars for ``counts`` (oldest first), drawn left to right like a timeline even in RTL."""
    if not counts:
        return mark_safe("")
    top = max(*counts, 1)
    step = WIDTH / len(counts)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{i * step:.1f}",
                f"{HEIGHT - max(n / top * HEIGHT, 1):.1f}",
                f"{max(step - 1, 1):.1f}",
                f"{max(n / top * HEIGHT, 1):.1f}",
                "bar" if n else "bar zero",
                day.isoformat(),
                n,
            )
            for i, (n, day) in enumerate(zip(counts, days, strict=True))
        ),
    )
    # Numbers are computed above and everything user-supplied is escaped: safe to mark.
    return mark_safe(
        f'<svg class="daily" role="img" aria-label="{escape(label)}" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" direction="ltr">{bars}</svg>'
    )
