"""Find the ops templates whether or not ``naql.ops`` is an installed app.

Why: the dashboard must work on a site whose settings predate the app. The Django engine is
asked first (so a project can override ``ops/…`` templates as usual); when it does not know the
name, the file beside this module is compiled by the same engine, so ``{% extends "admin/…" %}``
and context processors still work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template import TemplateDoesNotExist, engines
from django.utils.safestring import SafeString, mark_safe

TEMPLATES = Path(__file__).parent / "templates"


def ops_template(name: str) -> Any:
    """The backend template ``ops/<name>``: what ``TemplateResponse`` accepts as ``template``."""
    engine = engines["django"]
    try:
        return engine.get_template(f"ops/{name}")
    except TemplateDoesNotExist:
        return engine.from_string((TEMPLATES / "ops" / name).read_text(encoding="utf-8"))


def render_report(report: object, request: HttpRequest) -> SafeString:
    """A dry run's report as HTML, for the check page and the add-source preview."""
    # The template autoescapes everything it prints; its output is HTML we made.
    html: str = ops_template("_report.html").render({"report": report}, request)
    return mark_safe(html)
