"""Server-rendered pages of supervision orders (督办): the list, the new-order form (prefilled from
?case=NUMBER, ?item=CODE or ?department=ID), the detail page with the department's reply form and
the officer's accept / return buttons, and evidence downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backend.accounts.models import Department
from backend.cases.materials import download_name
from backend.common.downloads import private_download
from backend.common.errors import DomainError

from . import orders_selectors as selectors
from . import orders_services as services
from .models import Order


def _forbidden_or_404(exc: DomainError):
    if exc.status == 403 or exc.status == 401:
        raise PermissionDenied(str(exc))
    raise Http404(str(exc))


def _errors_by_field(exc: DomainError) -> tuple[dict, list]:
    fields: dict[str, list] = {}
    top = []
    for e in exc.errors:
        name = (e.field or "").split("[")[0]
        if name:
            fields.setdefault(name, []).append(str(e.message))
        top.append(str(e.message))
    return fields, top


@login_required
@require_safe
def order_list(request):
    state = request.GET.get("state") or ""
    state = state if state in Order.State.values else ""
    status = request.GET.get("status") or ""
    status = status if status in Order.Status.values else ""
    try:
        rows = selectors.order_list_visible_to(user=request.user, state=state or None, status=status or None)
        counts = selectors.order_counts(user=request.user)
    except DomainError as exc:
        _forbidden_or_404(exc)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/orders/list.html", {
        "page": page, "state": state, "status": status, "counts": counts,
        "states": Order.State.choices, "statuses": Order.Status.choices,
        "may_issue": selectors.order_may_issue(request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def order_new(request):
    if not selectors.order_may_issue(request.user):
        raise PermissionDenied(_("只有监察人员可以下发督办单。"))
    source = request.POST if request.method == "POST" else request.GET
    values = {name: (source.get(name) or "").strip() for name in
              ("case", "item", "department", "problem", "requirement", "days")}
    if request.method != "POST" and not values["days"]:
        values["days"] = "5"
    errors, top = {}, []
    if request.method == "POST":
        try:
            order = services.order_issue(actor=request.user, case=values["case"] or None,
                                         item=values["item"] or None, department=values["department"] or None,
                                         problem=values["problem"], requirement=values["requirement"],
                                         days=values["days"], now=timezone.now())
        except DomainError as exc:
            errors, top = _errors_by_field(exc)
        else:
            messages.success(request, _("督办单已下发，回告期限为 %(d)s。") % {"d": order.deadline.isoformat()})
            return redirect("supervision:orders:detail", order_id=order.pk)
    return render(request, "supervision/orders/new.html", {
        "values": values, "errors": errors, "top_errors": top,
        "departments": Department.objects.order_by("code"),
    }, status=400 if top else 200)


def _visible(request, order_id):
    try:
        return selectors.order_get_visible(user=request.user, order_id=order_id)
    except DomainError as exc:
        _forbidden_or_404(exc)


@login_required
@require_safe
def order_detail(request, order_id: int):
    return _render_detail(request, _visible(request, order_id))


def _render_detail(request, order, *, errors=None, status: int = 200):
    return render(request, "supervision/orders/detail.html", {
        "order": order, "timeline": selectors.order_timeline(order),
        "may_reply": selectors.order_may_reply(request.user, order) and selectors.order_running(order),
        "may_decide": selectors.order_may_decide(request.user, order) and order.status == Order.Status.REPLIED,
        "errors": errors or {}, "top_errors": [m for ms in (errors or {}).values() for m in ms],
        "values": request.POST if request.method == "POST" else {},
    }, status=status)


@login_required
@require_POST
def order_reply(request, order_id: int):
    order = _visible(request, order_id)
    data = request.POST
    try:
        services.order_reply(order_id=order_id, actor=request.user, text=data.get("text", ""),
                             files=request.FILES.getlist("evidence"), visit_on=data.get("visit_on", ""),
                             visit_by=data.get("visit_by", ""), visit_result=data.get("visit_result", ""),
                             now=timezone.now())
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            _forbidden_or_404(exc)
        errors, top = _errors_by_field(exc)
        if not errors:
            errors = {"text": top}
        return _render_detail(request, order, errors=errors, status=exc.status)
    messages.success(request, _("已回告，等待监察人员审核。"))
    return redirect("supervision:orders:detail", order_id=order_id)


def _decide(request, order_id: int, act, done):
    _visible(request, order_id)
    try:
        act()
    except DomainError as exc:
        if exc.status in (401, 403):
            _forbidden_or_404(exc)
        for e in exc.errors:
            messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect(reverse("supervision:orders:detail", args=[order_id]))


@login_required
@require_POST
def order_accept(request, order_id: int):
    return _decide(request, order_id, lambda: services.order_accept(
        order_id=order_id, actor=request.user, opinion=request.POST.get("opinion", ""), now=timezone.now()),
        _("回告已通过，督办办结。"))


@login_required
@require_POST
def order_return(request, order_id: int):
    return _decide(request, order_id, lambda: services.order_return(
        order_id=order_id, actor=request.user, reason=request.POST.get("reason", ""), now=timezone.now()),
        _("回告已退回，责任部门须在原回告期限内重新回告。"))


@login_required
@require_safe
def evidence_download(request, order_id: int, evidence_id: int):
    try:
        evidence = selectors.order_evidence_get(user=request.user, order_id=order_id, evidence_id=evidence_id)
    except DomainError as exc:
        _forbidden_or_404(exc)
    return private_download(evidence.file, filename=download_name(evidence.original_name, evidence.content_type),
                            content_type=evidence.content_type, gone_message=_("佐证材料文件已不存在。"))
