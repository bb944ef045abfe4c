"""Add a source with a preview: the operator sees the discovered feeds and three extracted
articles (a dry run, nothing stored) before the source is saved and starts being polled.

Why a page of its own rather than the model's add form: the add form asks for endpoints the
operator does not know yet; here they give the homepage or feed URL, as ``naql sources add``
takes it, and discovery fills in the rest.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naql.errors import NaqlError
from naql.fetch import FetchPolicy
from naql.ops import dryrun
from naql.ops.templating import ops_template, render_report
from naql.sources.models import Policy, Section
from naql.sources.services import add_source


class AddSourceForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("الصفحة الرئيسية أو رابط الخلاصة"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "size": 60}),
    )
    name = forms.CharField(label=gettext_lazy("الاسم"), max_length=200, required=False)
    policy = forms.ChoiceField(
        label=gettext_lazy("سياسة النشر"), choices=Policy.choices, initial=Policy.EXCERPT
    )
    section = forms.ModelChoiceField(
        label=gettext_lazy("القسم"), queryset=Section.objects.all(), required=False
    )


def add_source_view(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST ``preview``: the dry run. POST ``save``: add the source."""
    if not request.user.has_perm("sources.add_source"):
        raise PermissionDenied
    form = AddSourceForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "save" in request.POST:
            try:
                source = add_source(
                    data["url"],
                    name=data["name"] or None,
                    policy=data["policy"],
                    section=data["section"].name if data["section"] else None,
                )
            except NaqlError as e:
                form.add_error("url", str(e))
            else:
                messages.success(request, _("أُضيف المصدر «%(name)s».") % {"name": source.name})
                return HttpResponseRedirect(
                    reverse("admin:sources_source_change", args=[source.pk])
                )
        else:
            report = dryrun.check(
                dryrun.Probe(homepage=data["url"]),
                FetchPolicy(user_agent=settings.NAQL_USER_AGENT),
            )
    context = {
        **admin.site.each_context(request),
        "title": _("إضافة مصدر مع معاينة"),
        "form": form,
        "report": report,
        "report_html": render_report(report, request) if report else "",
    }
    return TemplateResponse(request, ops_template("add_source.html"), context)
