"""Server-rendered supervision pages: the board for supervision officers, and the clock actions that
the case and task pages post to (suspend, resume, extend)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from backend.cases.selectors import case_get_visible
from backend.common.errors import DomainError, NotFound

from . import actions, integrity, notifications, selectors


def _redirect_next(request, default: str):
    """Back to the page the form came from, if it is on this site; else to `default`."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = default
    return redirect(target)


def _back(request, number: str):
    return _redirect_next(request, reverse("portal:case", args=[number]))


def _clock_action(request, number: str, act, done_message):
    try:
        case = case_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    try:
        act(case)
    except DomainError as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return _back(request, number)


@login_required
@require_POST
def case_clock_suspend(request, number: str):
    data = request.POST
    return _clock_action(request, number, lambda case: actions.case_clock_suspend(
        case=case, procedure=data.get("procedure", ""), detail=data.get("detail", ""),
        legal_basis=data.get("legal_basis", ""), expected_days=data.get("expected_days"), actor=request.user,
        now=timezone.now(),
    ), _("已暂停计时，并已告知申请人。"))


@login_required
@require_POST
def case_clock_resume(request, number: str):
    return _clock_action(request, number, lambda case: actions.case_clock_resume(
        case=case, actor=request.user, now=timezone.now()), _("已恢复计时。"))


@login_required
@require_POST
def case_clock_extend(request, number: str):
    data = request.POST
    return _clock_action(request, number, lambda case: actions.case_clock_extend(
        case=case, days=data.get("days"), reason=data.get("reason", ""), actor=request.user, now=timezone.now(),
    ), _("已批准延期。"))


@login_required
@require_safe
def board(request):
    """电子监察 board: figures and the list below them, both in cases (each row a case with the
    clocks that put it there beneath), the latest cards, and the log's verification status."""
    if not selectors.can_supervise(request.user):
        raise PermissionDenied(_("只有监察人员和管理员可以查看电子监察。"))
    state = request.GET.get("state") or ""
    if state not in selectors.BOARD_LISTS:
        state = ""
    page = Paginator(selectors.board_cases(user=request.user, state=state), 50).get_page(request.GET.get("page"))
    selectors.board_clocks(page.object_list, state=state)
    return render(request, "supervision/board.html", {
        "figures": selectors.board_figures(user=request.user),
        "page": page, "state": state,
        "cards": selectors.card_list_recent(user=request.user),
        "verification": integrity.log_verification_latest(),
    })


@login_required
@require_POST
def log_verify(request):
    """校验监察日志 now (supervisors and administrators); the result is shown on the board."""
    if not selectors.can_supervise(request.user):
        raise PermissionDenied(_("只有监察人员和管理员可以校验监察日志。"))
    run = integrity.log_verify_from_board(actor=request.user, now=timezone.now())
    if run.ok:
        messages.success(request, _("监察日志校验通过，共 %(n)s 条。") % {"n": run.entries_checked})
    else:
        messages.error(request, _("监察日志在第 %(seq)s 条断链：%(detail)s") % {"seq": run.first_broken_seq,
                                                                               "detail": run.detail})
    return redirect(reverse("supervision:board") + "#board-log")


@login_required
@require_safe
def notification_list(request):
    """My notifications (in-app): warning cards for staff and heads, suspensions and extensions for
    applicants. Opening the page does not mark them read; each has its own button."""
    unread_only = request.GET.get("unread") == "1"
    rows = notifications.notification_list_visible_to(user=request.user, unread=unread_only).select_related("case")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    try:
        notifications.notification_mark_read(user=request.user, notification_id=notification_id, now=timezone.now())
    except DomainError as exc:
        raise Http404(str(exc)) from None
    return _redirect_next(request, reverse("notifications:list"))
