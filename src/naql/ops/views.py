"""HTTP views of the operator's side: probes for machines, the health dashboard for people."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from naql.fetch import FetchPolicy
from naql.ops import chart, dryrun
from naql.ops.health import Status, source_health
from naql.ops.metrics import CONTENT_TYPE, collect, render
from naql.ops.probes import site_health
from naql.ops.templating import ops_template, render_report
from naql.sources.models import Source

STATUS_LABELS = {
    Status.FAILING: gettext_lazy("معطّل"),
    Status.DEGRADED: gettext_lazy("متعثّر"),
    Status.SILENT: gettext_lazy("صامت"),
    Status.PAUSED: gettext_lazy("موقوف"),
    Status.OK: gettext_lazy("سليم"),
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 with the vital signs when the database answers, 503 when it does not."""
    health = site_health()
    status = 200 if health.ok else 503
    return JsonResponse(health.as_json(), status=status, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus scrape target."""
    return HttpResponse(render(collect()), content_type=CONTENT_TYPE)


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every source's health, broken sources first."""
    _require(request, "sources.view_source")
    rows = [
        {
            "h": h,
            "label": str(STATUS_LABELS[h.status]),
            "chart": chart.daily_bars(
                h.daily, h.days, _("مقالات كل يوم خلال آخر %(n)d يومًا") % {"n": len(h.daily)}
            ),
            "rejected": sorted(h.rejected.items(), key=lambda kv: -kv[1]),
        }
        for h in source_health()
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("صحة المصادر"),
        "rows": rows,
        "can_check": request.user.has_perm("sources.change_source"),
        "site_health": site_health().as_json(),
    }
    return TemplateResponse(request, ops_template("dashboard.html"), context)


@require_POST
def check_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry run of one source: fetch its feeds and extract three pages, storing nothing."""
    _require(request, "sources.change_source")
    source = get_object_or_404(Source, pk=pk)
    report = dryrun.check(
        dryrun.probe_for(source), FetchPolicy(user_agent=settings.NAQL_USER_AGENT)
    )
    context = {
        **admin.site.each_context(request),
        "title": _("اختبار المصدر: %(name)s") % {"name": source.name},
        "source": source,
        "report_html": render_report(report, request),
    }
    return TemplateResponse(request, ops_template("check.html"), context)
