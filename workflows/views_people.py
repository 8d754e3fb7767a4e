"""Pages about who does a task: the reassignment (转办) form a department head sees on a claimed
task (the view posting it is workflows.views.task_reassign), and a member of staff naming a
stand-in (代理人) for an absence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from viewflow.workflow.status import STATUS

from backend.accounts import selectors as people
from backend.accounts import services as people_services
from backend.common.errors import DomainError
from backend.common.validators import parse_day
from backend.portal import forms


def reassign_context(request, task, submitted: dict | None = None) -> dict | None:
    """The reassignment form for the head of the task's department while the task is claimed."""
    from . import selectors

    data = task.data or {}
    if task.status != STATUS.ASSIGNED or data.get("department_id") not in people.headed_department_ids(
            user=request.user):
        return None
    submitted = submitted or {}
    errors = submitted.get("errors", {})
    return {"candidates": list(selectors.reassign_candidates(task=task)), "values": submitted.get("values", {}),
            "errors": errors, "top_errors": forms.non_field_messages(errors, ("to_user", "reason"))}


@login_required
@require_http_methods(["GET", "POST"])
def stand_ins(request):
    """代理人: name a colleague who takes over your claimed tasks while you are away."""
    user = request.user
    if not user.is_staff_member:
        raise PermissionDenied(_("只有工作人员可以登记代理人。"))
    values = {"starts_on": timezone.localdate().isoformat()}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip()[:200]
                  for key in ("stand_in", "starts_on", "ends_on", "reason")}
        try:
            people_services.stand_in_name(
                absent=user, stand_in_id=int(values["stand_in"]) if values["stand_in"].isdigit() else None,
                starts_on=parse_day(values["starts_on"]), ends_on=parse_day(values["ends_on"]), reason=values["reason"],
                now=timezone.now())
        except DomainError as exc:
            errors = forms.errors_by_field(exc)
        else:
            messages.success(request, _("已登记代理人。代理期间，代理人可代为签收和办理您已签收的任务。"))
            return redirect("process:stand-ins")
    return render(request, "process/stand_ins.html", {
        "values": values, "errors": errors, "candidates": people.stand_in_candidates(user=user),
        "records": people.stand_ins_of(user=user)[:50], "today": timezone.localdate(),
        "top_errors": forms.non_field_messages(errors, ("stand_in", "starts_on", "ends_on", "reason")),
    }, status=400 if errors else 200)


@login_required
@require_POST
def stand_in_cancel(request, stand_in_id: int):
    try:
        people_services.stand_in_cancel(stand_in_id=stand_in_id, actor=request.user, now=timezone.now())
    except DomainError as exc:
        raise Http404(str(exc.errors[0].message)) from None
    messages.success(request, _("已撤销代理登记。"))
    return redirect("process:stand-ins")
