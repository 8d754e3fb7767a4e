"""The certificate register (证书登记簿) for staff: every certificate issued, searchable by holder or
number, with its state on a chosen day, and revocation (撤销) with its reason; and the download of
a delivery's signed receipt."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from backend.cases.materials import download_name
from backend.cases.selectors import case_get_visible
from backend.common.downloads import private_download
from backend.common.errors import DomainError, NotFound
from backend.common.validators import parse_day

from . import selectors, services
from .models import Certificate

PAGE_SIZE = 30
STATUS_CHOICES = [("valid", Certificate.Status.VALID.label), ("expired", Certificate.Status.EXPIRED.label),
                  ("revoked", Certificate.Status.REVOKED.label)]


def _require_reader(user) -> None:
    if not selectors.may_read_register(user):
        raise PermissionDenied(_("只有工作人员、监察人员和管理员可以查看证书登记簿。"))


def _day(raw: str, today: date) -> tuple[date, str]:
    """The day the states are judged on: ?on=YYYY-MM-DD, else today; with a message when unreadable."""
    if not raw:
        return today, ""
    parsed = parse_day(raw)
    return (parsed, "") if parsed else (today, _("日期应为 YYYY-MM-DD 格式，已按今天显示。"))


@login_required
@require_safe
def certificate_list(request):
    _require_reader(request.user)
    today = timezone.localdate()
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "").strip()
    status = status if status in selectors.STATUS_FILTERS else ""
    on, on_error = _day(request.GET.get("on", "").strip()[:10], today)
    certificates = selectors.certificate_list_visible_to(user=request.user, q=query, status=status, on=on)
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, c.status_on(on)) for c in page.object_list]
    return render(request, "certificates/list.html", {
        "page": page, "rows": rows, "query": query, "status": status, "statuses": STATUS_CHOICES,
        "on": on, "on_error": on_error, "today": today,
    })


def _detail(request, pk: int, *, errors: dict | None = None, reason: str = "", status: int = 200):
    try:
        certificate = selectors.certificate_get_visible(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    return render(request, "certificates/detail.html", {
        "certificate": certificate, "certificate_status": certificate.status_on(timezone.localdate()),
        "can_revoke": certificate.revoked_at is None and selectors.may_revoke(user=request.user,
                                                                              certificate=certificate),
        "errors": errors or {}, "reason": reason,
    }, status=status)


@login_required
@require_safe
def certificate_detail(request, pk: int):
    _require_reader(request.user)
    return _detail(request, pk)


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    _require_reader(request.user)
    try:
        certificate = selectors.certificate_get_visible(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    reason = request.POST.get("reason", "")[:4000]
    try:
        services.certificate_revoke(certificate=certificate, reason=reason, actor=request.user, now=timezone.now())
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc.errors[0].message)) from None
        if exc.status == 409:
            for error in exc.errors:
                messages.warning(request, error.message)
            return redirect("certificates:detail", pk=pk)
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(error.field or "reason", []).append(str(error.message))
        return _detail(request, pk, errors=errors, reason=reason.strip(), status=exc.status)
    messages.success(request, _("证书 %(number)s 已撤销，撤销理由已记入办理过程和监察日志，公开的办理结果将同步更正。")
                     % {"number": certificate.number})
    return redirect("certificates:detail", pk=pk)


@login_required
@require_safe
def delivery_proof(request, number: str):
    """The delivery's signed receipt, streamed only to those who may see the case."""
    try:
        case = case_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    record = selectors.delivery_for_case(case)
    if record is None or not record.proof:
        raise Http404(_("该办件没有送达回证。"))
    return private_download(record.proof, filename=download_name(record.proof_name, record.proof_content_type),
                            content_type=record.proof_content_type, gone_message=_("送达回证文件已不存在。"))
