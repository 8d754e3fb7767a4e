"""Disclosure unit score pages: the periods and rows (the office sees all units, a unit its own row),
the circular with its sign-off and publication (the office's head only), the PDF; and the public
method and rankings."""

from __future__ import annotations

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
from .models import DisclosureScorecard


def _period(value: str) -> selectors.Period:
    try:
        return selectors.period_parse(value)
    except DomainError:
        raise Http404(value) from None


def _scorecard(request, period: str) -> DisclosureScorecard:
    if not selectors.may_view(request.user):
        raise PermissionDenied(_("只有政务公开办公室和各单位工作人员可以查看量化考评。"))
    try:
        return selectors.scorecard_get_visible(user=request.user, period=_period(period))
    except DomainError as exc:
        raise Http404(str(exc)) from None


def _office_only(request) -> None:
    if not selectors.is_office(request.user):
        raise PermissionDenied(_("只有政务公开办公室和管理员可以查看通报草稿。"))


def _default_period(now) -> str:
    today = timezone.localdate(now)
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@login_required
@require_safe
def scorecard_list(request):
    if not selectors.may_view(request.user):
        raise PermissionDenied(_("只有政务公开办公室和各单位工作人员可以查看量化考评。"))
    now = timezone.now()
    return render(request, "unitscores/list.html", {
        "scorecards": selectors.scorecard_list_visible_to(user=request.user),
        "method": selectors.method_current(now=now), "is_office": selectors.is_office(request.user),
        "default_period": _default_period(now),
    })


@login_required
@require_POST
def scorecard_compute(request):
    if not selectors.is_office(request.user):
        raise PermissionDenied(_("只有政务公开办公室和管理员可以计算量化考评。"))
    try:
        scorecard = services.scorecard_compute(period=request.POST.get("period", ""), now=timezone.now(),
                                               actor=request.user)
    except DomainError as exc:
        if exc.status == 409:
            return render(request, "unitscores/refused.html", {"errors": exc.errors, "period": None}, status=409)
        for error in exc.errors:
            messages.error(request, error.message)
        return redirect("unitscores:list")
    messages.success(request, _("已计算 %(period)s 的政务公开量化考评，并起草了通报。") % {"period": scorecard.period})
    return redirect("unitscores:detail", period=scorecard.period)


@login_required
@require_safe
def scorecard_detail(request, period: str):
    scorecard = _scorecard(request, period)
    return render(request, "unitscores/detail.html", {
        "scorecard": scorecard, "rows": selectors.rows_visible_to(user=request.user, scorecard=scorecard),
        "columns": scorecard.method.indicator_rows(), "is_office": selectors.is_office(request.user),
    })


@login_required
@require_safe
def circular_detail(request, period: str):
    scorecard = _scorecard(request, period)
    if scorecard.status == DisclosureScorecard.Status.DRAFT:
        _office_only(request)
    return render(request, "unitscores/circular.html", {
        "scorecard": scorecard, "doc": selectors.document(scorecard),
        "is_head": selectors.is_office_head(request.user),
    })


def _action(request, period: str, act, done: str):
    scorecard = _scorecard(request, period)
    try:
        act(scorecard)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from None
        if exc.status == 409:
            return render(request, "unitscores/refused.html", {"errors": exc.errors, "period": scorecard.period},
                          status=409)
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("unitscores:circular", period=scorecard.period)


@login_required
@require_POST
def circular_sign_off(request, period: str):
    return _action(request, period, lambda s: services.scorecard_sign_off(
        scorecard=s, actor=request.user, now=timezone.now()), _("通报已签发。"))


@login_required
@require_POST
def circular_publish(request, period: str):
    return _action(request, period, lambda s: services.scorecard_publish(
        scorecard=s, actor=request.user, now=timezone.now()), _("通报和排名已提交公开，稍后出现在政务公开网站。"))


def _pdf_response(doc: dict, *, draft: bool) -> HttpResponse:
    try:
        body = pdf.render_circular(doc, draft=draft)
    except DomainError as exc:
        return HttpResponse(str(exc), status=exc.status, content_type="text/plain; charset=utf-8")
    ascii_name, name = pdf.filename(doc["period"])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(name, ascii_name=ascii_name)
    return response


@login_required
@require_safe
def circular_pdf(request, period: str):
    scorecard = _scorecard(request, period)
    if scorecard.status == DisclosureScorecard.Status.DRAFT:
        _office_only(request)
    response = _pdf_response(selectors.document(scorecard), draft=scorecard.status == DisclosureScorecard.Status.DRAFT)
    response["Cache-Control"] = "private, no-store"
    return response


# --- public ---------------------------------------------------------------------------------------

@require_safe
def method_public(request):
    methods = list(selectors.method_list_public(now=timezone.now()))
    return render(request, "unitscores/method.html", {"method": methods[0] if methods else None,
                                                      "earlier": methods[1:]})


@require_safe
def ranking_list_public(request):
    return render(request, "unitscores/public_list.html", {"publications": selectors.ranking_list_public()})


def _publication(period: str):
    publication = selectors.ranking_get_public(period=_period(period).key)
    if publication is None or publication.status != publication.Status.PUBLISHED:
        raise Http404(period)
    return publication


@require_safe
def ranking_detail_public(request, period: str):
    publication = _publication(period)
    return render(request, "unitscores/public_detail.html", {"publication": publication, "doc": publication.payload})


@require_safe
def ranking_pdf_public(request, period: str):
    return _pdf_response(_publication(period).payload, draft=False)
