"""Staff pages under /inspection/: the problem list (the office sees every unit's and runs an
inspection, enters external findings; a unit's staff see their own), a problem with its evidence and
the reply, close and return forms. Views stay thin: services decide and check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backend.accounts.models import Department
from backend.common.errors import DomainError
from backend.common.snapshot import config_snapshot
from backend.supervision.orders_selectors import order_may_issue

from . import checks, rules, selectors, services
from .models import Problem

PAGE_SIZE = 30


def _errors(exc: DomainError) -> tuple[dict, list[str]]:
    by_field: dict = {}
    for e in exc.errors:
        by_field.setdefault(e.field or "__all__", []).append(str(e.message))
    return by_field, [str(e.message) for e in exc.errors]


def _staff(request):
    user = request.user
    if not (user.is_staff_member or selectors.sees_all(user) or user.headed_departments.exists()):
        raise PermissionDenied


def _visible(request, pk: int) -> Problem:
    try:
        return selectors.problem_get_visible(pk=pk, user=request.user)
    except DomainError:
        raise Http404 from None


@login_required
@require_safe
def problem_list(request):
    _staff(request)
    filters = {k: request.GET.get(k, "")[:40] for k in ("status", "source", "check", "department")}
    qs = selectors.problem_filter(selectors.problem_list_visible_to(user=request.user), **filters)
    page = Paginator(qs.order_by("-opened_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    office = selectors.sees_all(request.user)
    with config_snapshot():  # the working calendar is checked once for the page, not once per row
        rows = [(p, selectors.problem_state(p, now=now)) for p in page.object_list]
    return render(request, "inspection/list.html", {
        "page": page, "rows": rows,
        "filters": filters, "statuses": Problem.Status.choices, "office": office,
        "checks": [(code, label) for code, (label, _fn) in checks.CHECKS.items()],
        "runs": selectors.run_list_visible_to(user=request.user)[:5] if office else [],
        "departments": Department.objects.order_by("code") if office else []})


@login_required
@require_safe
def problem_detail(request, pk: int):
    _staff(request)
    return _detail(request, _visible(request, pk))


def _detail(request, problem, *, errors=None, summary=None, status=200):
    office = selectors.sees_all(request.user)
    head_id = problem.department.head_id if problem.department_id else None
    return render(request, "inspection/detail.html", {
        "problem": problem, "state": selectors.problem_state(problem, now=timezone.now()),
        "check_label": Problem.Source.EXTERNAL.label if problem.source == Problem.Source.EXTERNAL
        else checks.check_label(problem.check_code),
        "may_reply": rules.in_unit(request.user, problem.department_id, head_id)
        and rules.step_allowed("reply", problem.status),
        "may_decide": office and problem.source == Problem.Source.EXTERNAL and rules.step_allowed(
            "close", problem.status),
        "what": what if isinstance(what := problem.evidence.get("what"), list) else [what] if what else [],
        "cards": problem.cards.all(), "orders": selectors.problem_orders(problem),
        "may_order": order_may_issue(request.user) and problem.status != Problem.Status.CLOSED,
        "files": problem.files.all(), "errors": errors or {}, "summary": summary or []}, status=status)


@login_required
@require_POST
def problem_action(request, pk: int, action: str):
    _staff(request)
    problem = _visible(request, pk)
    now = timezone.now()
    try:
        if action == "reply":
            services.problem_reply(problem=problem, actor=request.user, text=request.POST.get("text", ""),
                                   files=request.FILES.getlist("files"), now=now)
            messages.success(request, _("已回告，等待复查或销号。"))
        elif action == "close":
            services.problem_close(problem=problem, actor=request.user, opinion=request.POST.get("opinion", ""),
                                   now=now)
            messages.success(request, _("已销号。"))
        elif action == "reopen":
            services.problem_reopen(problem=problem, actor=request.user, opinion=request.POST.get("opinion", ""),
                                    now=now)
            messages.success(request, _("已退回，责任单位须重新整改。"))
        elif action == "order":
            order = services.problem_order_issue(problem=problem, actor=request.user, now=now,
                                                 requirement=request.POST.get("requirement", ""),
                                                 days=request.POST.get("days", ""))
            messages.success(request, _("已下发督办单 #%(id)s。") % {"id": order.pk})
        else:
            raise Http404
    except DomainError as exc:
        errors, summary = _errors(exc)
        return _detail(request, problem, errors=errors, summary=summary, status=exc.status)
    return redirect("inspection:detail", pk=problem.pk)


@login_required
@require_POST
def run_now(request):
    if not services.inspection_may_run(request.user):
        raise PermissionDenied
    run = services.inspection_run_manual(now=timezone.now(), actor=request.user)
    c = run.counts
    messages.success(request, _("检查完成：发现 %(f)s 项，新增问题 %(o)s 个，复查销号 %(c)s 个。") % {
        "f": c["findings"], "o": c["opened"], "c": c["closed"]})
    return redirect("inspection:list")


EXTERNAL_FIELDS = ("department", "column", "report_name", "indicator", "score_lost", "description", "days")


@login_required
@require_http_methods(["GET", "POST"])
def external_new(request):
    if not selectors.sees_all(request.user):
        raise PermissionDenied
    data = {k: request.POST.get(k, "") for k in EXTERNAL_FIELDS}
    errors, summary, status = {}, [], 200
    if request.method == "POST":
        try:
            problem = services.problem_enter_external(actor=request.user, now=timezone.now(), **data)
        except DomainError as exc:
            errors, summary = _errors(exc)
            status = exc.status
        else:
            return redirect("inspection:detail", pk=problem.pk)
    return render(request, "inspection/external_form.html", {
        "data": data, "errors": errors, "summary": summary,
        "departments": Department.objects.order_by("code")}, status=status)
