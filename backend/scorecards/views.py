"""Scorecard pages: the months and their rankings for supervision officers, the circular with its
sign-off and publication (the office's head only), the PDF; and the public method and rankings."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from backend.common.downloads import content_disposition
from backend.common.errors import DomainError

from . import pdf, selectors, services
from .models import Circular, Scorecard


def _supervisor_only(request) -> None:
    if not selectors.can_supervise(request.user):
        raise PermissionDenied(_("只有监察人员和管理员可以查看量化考评。"))


def _scorecard(request, month: str) -> Scorecard:
    _supervisor_only(request)
    try:
        return selectors.scorecard_get_visible(user=request.user, month=selectors.month_parse(month))
    except DomainError as exc:
        raise Http404(str(exc)) from None


def _messages(request, exc: DomainError) -> None:
    for error in exc.errors:
        messages.error(request, error.message)


def _indicator_columns(scorecard: Scorecard) -> list[dict]:
    return scorecard.method.indicator_rows()


@login_required
@require_safe
def scorecard_list(request):
    _supervisor_only(request)
    now = timezone.now()
    return render(request, "scorecards/list.html", {
        "scorecards": selectors.scorecard_list_visible_to(user=request.user),
        "method": selectors.method_current(now=now),
        "default_month": f"{timezone.localdate(now).replace(day=1) - timedelta(days=1):%Y-%m}",  # last month
    })


@login_required
@require_POST
def scorecard_compute(request):
    _supervisor_only(request)
    value = request.POST.get("month", "")
    try:
        scorecard = services.scorecard_compute(month=selectors.month_parse(value), now=timezone.now(),
                                               actor=request.user)
    except DomainError as exc:
        _messages(request, exc)
        return redirect("scorecards:list")
    messages.success(request, _("已计算 %(month)s 的量化考评，并起草了通报。") % {"month": scorecard.month_key})
    return redirect("scorecards:detail", month=scorecard.month_key)


@login_required
@require_safe
def scorecard_detail(request, month: str):
    scorecard = _scorecard(request, month)
    return render(request, "scorecards/detail.html", {
        "scorecard": scorecard, "rows": scorecard.score_rows(), "columns": _indicator_columns(scorecard),
        "circular": selectors.circular_of(scorecard),
        "running": scorecard.computed_at < _month_end(scorecard),
    })


def _month_end(scorecard: Scorecard):
    last = services.month_last(scorecard.month)
    return timezone.make_aware(datetime.combine(last, time.max))


@login_required
@require_safe
def circular_detail(request, month: str):
    scorecard = _scorecard(request, month)
    circular = selectors.circular_of(scorecard)
    if circular is None:
        raise Http404(month)
    return render(request, "scorecards/circular.html", {
        "scorecard": scorecard, "circular": circular, "doc": selectors.circular_document(circular),
        "is_head": selectors.is_office_head(request.user),
        "publication": selectors.ranking_get_public(month=scorecard.month_key),
    })


def _circular_action(request, month: str, act, done: str):
    scorecard = _scorecard(request, month)
    circular = selectors.circular_of(scorecard)
    if circular is None:
        raise Http404(month)
    try:
        act(circular)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from None
        if exc.status == 409:
            return render(request, "scorecards/refused.html", {"scorecard": scorecard, "errors": exc.errors},
                          status=409)
        _messages(request, exc)
    else:
        messages.success(request, done)
    return redirect("scorecards:circular", month=scorecard.month_key)


@login_required
@require_POST
def circular_sign_off(request, month: str):
    return _circular_action(request, month, lambda c: services.circular_sign_off(
        circular=c, actor=request.user, now=timezone.now()), _("通报已签发。"))


@login_required
@require_POST
def circular_publish(request, month: str):
    return _circular_action(request, month, lambda c: services.circular_publish(
        circular=c, actor=request.user, now=timezone.now()), _("通报和排名已提交公开，稍后出现在政务公开网站。"))


def _pdf_response(doc: dict, *, draft: bool) -> HttpResponse:
    try:
        body = pdf.render_circular(doc, draft=draft)
    except DomainError as exc:
        return HttpResponse(str(exc), status=exc.status, content_type="text/plain; charset=utf-8")
    ascii_name, name = pdf.filename(doc["month"])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name, ascii_name=ascii_name)
    return response


@login_required
@require_safe
def circular_pdf(request, month: str):
    scorecard = _scorecard(request, month)
    circular = selectors.circular_of(scorecard)
    if circular is None:
        raise Http404(month)
    response = _pdf_response(selectors.circular_document(circular), draft=circular.status == Circular.Status.DRAFT)
    response["Cache-Control"] = "private, no-store"
    return response


# --- public ---------------------------------------------------------------------------------------

@require_safe
def method_public(request):
    methods = list(selectors.method_list_public(now=timezone.now()))
    return render(request, "scorecards/method.html", {"method": methods[0] if methods else None,
                                                      "earlier": methods[1:]})


@require_safe
def ranking_list_public(request):
    return render(request, "scorecards/public_list.html", {"publications": selectors.ranking_list_public()})


def _publication(month: str):
    try:
        selectors.month_parse(month)
    except DomainError:
        raise Http404(month) from None
    publication = selectors.ranking_get_public(month=month)
    if publication is None:
        raise Http404(month)
    return publication


@require_safe
def ranking_detail_public(request, month: str):
    publication = _publication(month)
    return render(request, "scorecards/public_detail.html", {"publication": publication, "doc": publication.payload})


@require_safe
def ranking_pdf_public(request, month: str):
    publication = _publication(month)
    if publication.status != publication.Status.PUBLISHED:
        raise Http404(month)
    return _pdf_response(publication.payload, draft=False)
