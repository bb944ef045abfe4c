"""Subscription pages: subscribe, confirm, preferences, unsubscribe (one click) and its undo.

Every answer to the subscribe form is the same page whatever the address's state, and every
bad link gets one clear page saying what happened and what to do next.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from naql.subscriptions import services
from naql.subscriptions.errors import BadLink
from naql.subscriptions.forms import PreferencesForm, SubscribeForm
from naql.subscriptions.models import Status
from naql.subscriptions.ratelimit import Limit, hit, retry_after
from naql.subscriptions.tokens import Purpose, make_token, read_token

PER_IP = Limit("ip", 10, timedelta(minutes=10))

_BAD_LINK_TEXT = {
    "forged": (_("الرابط غير صحيح"),
               _("لم نتعرّف على هذا الرابط: ربما نُسخ ناقصًا أو عُدّل. افتح الرابط من الرسالة "
                 "نفسها، أو انسخه كاملًا.")),
    "expired": (_("انتهت صلاحية الرابط"),
                _("روابط تأكيد الاشتراك صالحة ثلاثة أيام. اطلب رابطًا جديدًا بكتابة بريدك في "
                  "نموذج الاشتراك.")),
    "used": (_("استُخدم هذا الرابط من قبل"),
             _("رابط التأكيد يعمل مرة واحدة. إن كنت أكّدت اشتراكك فهو فعّال، وتجد رابط "
               "التفضيلات في أسفل كل نشرة تصلك.")),
    "revoked": (_("لم يعد هذا الرابط صالحًا"),
                _("ربما حُذف الاشتراك المرتبط به. يمكنك الاشتراك من جديد متى شئت.")),
}


def _bad_link(request: HttpRequest, error: BadLink) -> HttpResponse:
    title, explanation = _BAD_LINK_TEXT.get(error.reason, _BAD_LINK_TEXT["forged"])
    status = 400 if error.reason == "forged" else 410
    context = {"title": title, "explanation": explanation, "reason": error.reason}
    return render(request, "subscriptions/bad_link.html", context, status=status)


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a trusted
    # proxy sets it, and the operator's proxy setup is not known here.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscribe page and the target of the box on every page."""
    form = SubscribeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "subscriptions/subscribe.html", {"form": form})
    now = timezone.now()
    if not hit(PER_IP, _client_ip(request), now):
        wait = retry_after(PER_IP, now)
        response = render(request, "subscriptions/rate_limited.html",
                          {"minutes": max(1, round(wait / 60))}, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_valid():
        return render(request, "subscriptions/subscribe.html", {"form": form}, status=400)
    services.request_subscription(form.cleaned_data["email"], now)
    return redirect("subscriptions:subscribe_sent")


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every valid subscribe request."""
    return render(request, "subscriptions/subscribe_sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: link scanners that fetch every URL in a mail must not
    subscribe anyone."""
    try:
        subscriber = read_token(token, Purpose.CONFIRM)
    except BadLink as e:
        return _bad_link(request, e)
    if request.method != "POST":
        return render(request, "subscriptions/confirm.html", {"token": token})
    services.confirm(subscriber, timezone.now())
    prefs = make_token(subscriber, Purpose.PREFERENCES)
    return redirect(reverse("subscriptions:preferences", args=[prefs]) + "?welcome=1")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Edit what to receive, reached from every email through a signed link."""
    try:
        subscriber = read_token(token, Purpose.PREFERENCES)
    except BadLink as e:
        return _bad_link(request, e)
    form = PreferencesForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        services.reschedule(saved, timezone.now())
        saved.save()
        form.save_m2m()
        return redirect(reverse("subscriptions:preferences", args=[token]) + "?saved=1")
    context = {
        "form": form, "token": token, "subscriber": subscriber,
        "active": subscriber.status == Status.ACTIVE,
        "welcome": "welcome" in request.GET, "saved": "saved" in request.GET,
        "unsubscribe_token": make_token(subscriber, Purpose.UNSUBSCRIBE),
    }
    return render(request, "subscriptions/preferences.html", context,
                  status=400 if form.errors else 200)


@require_POST
def delete(request: HttpRequest, token: str) -> HttpResponse:
    """Delete the subscription and everything stored about the person."""
    try:
        subscriber = read_token(token, Purpose.PREFERENCES)
    except BadLink as e:
        return _bad_link(request, e)
    services.delete_subscriber(subscriber)
    return render(request, "subscriptions/deleted.html")


@csrf_exempt  # RFC 8058: mail clients POST here with no cookie and no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: a POST stops all mail; GET asks first (scanners fetch links)."""
    try:
        subscriber = read_token(token, Purpose.UNSUBSCRIBE)
    except BadLink as e:
        return _bad_link(request, e)
    if request.method != "POST":
        return render(request, "subscriptions/unsubscribe.html", {"token": token})
    services.unsubscribe(subscriber, timezone.now())
    return render(request, "subscriptions/unsubscribed.html", {"token": token})


@require_POST
def undo(request: HttpRequest, token: str) -> HttpResponse:
    """Undo an unsubscribe made by mistake, with the same preferences as before."""
    try:
        subscriber = read_token(token, Purpose.UNSUBSCRIBE)
    except BadLink as e:
        return _bad_link(request, e)
    services.resubscribe(subscriber, timezone.now())
    prefs = make_token(subscriber, Purpose.PREFERENCES)
    return render(request, "subscriptions/resubscribed.html",
                  {"active": subscriber.status == Status.ACTIVE, "preferences_token": prefs})
