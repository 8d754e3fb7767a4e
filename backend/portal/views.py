"""Server-rendered pages that read the catalog and cases or call backend services only.

Pages that start or advance a process (filing, resubmitting, the staff inbox and task actions) live
in workflows/views.py, because backend never imports workflows. The staff task page there builds on
`render_task_page` below.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe
from viewflow.workflow.models import Task

from backend.accounts import roles
from backend.cases.intake import material_write_denial
from backend.cases.materials import download_name
from backend.cases.models import Case
from backend.cases.selectors import (
    case_get_visible,
    case_list_visible_to,
    case_public_lookup_guarded,
    case_timeline,
)
from backend.cases.services import case_material_add, case_material_remove
from backend.catalog.related import related_for_item
from backend.catalog.selectors import (
    guide_current,
    guide_detail,
    item_list_public,
    process_diagram,
    process_steps_published,
)
from backend.certificates import selectors as certificate_selectors
from backend.common.attempts import client_address
from backend.common.downloads import private_download
from backend.common.errors import DomainError, NotFound
from backend.common.pagecache import public_page
from backend.common.snapshot import config_snapshot
from backend.supervision.actions import clock_actions_for
from backend.supervision.procedures import PROCEDURES
from backend.supervision.selectors import (
    applicant_notifications,
    case_clock_public,
    case_clock_summary,
    case_supervision_timeline,
)

from . import selectors
from .forms import NON_FIELD, step_label

OPEN_STATUSES = (Case.Status.SUBMITTED, Case.Status.SUPPLEMENT_REQUESTED, Case.Status.IN_PROGRESS)
PAGE_SIZE = 30


def is_read_only(user) -> bool:
    """Supervision officers read every case and change none."""
    return user.is_authenticated and user.is_supervisor and not user.is_staff_member


def visible_case_or_404(*, number: str, user) -> Case:
    try:
        return case_get_visible(number=number, user=user)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def staff_timeline(case: Case) -> list:
    """The case events and the supervision rows (clock actions, re-projections; dicts, marked
    `supervision`) in time order; at the same moment the case event comes first."""
    events = list(case_timeline(case=case))
    rows = [{**row, "supervision": True} for row in case_supervision_timeline(case)]
    return sorted([*events, *rows], key=lambda e: e["at"] if isinstance(e, dict) else e.created_at)


def case_context(request, case: Case) -> dict:
    """Everything the case page and the staff task page show about a case."""
    user = request.user
    materials = selectors.case_materials(case=case)
    rows, others = selectors.material_rows(case=case, materials=materials)
    read_only = is_read_only(user)
    today = timezone.localdate()
    clock = case_clock_summary(case, today)
    certificate = certificate_selectors.certificate_for_case(case)
    # The applicant sees what happened and when; the deliberation and who held the file are for staff.
    public = not (user.is_staff_member or user.is_supervisor or user.is_superuser)
    return {
        "clock": clock,
        "diagram": selectors.case_process_diagram(case=case, today=today, public=public),
        "clock_actions": {} if read_only else clock_actions_for(case=case, user=user, clock=clock),
        "procedures": PROCEDURES,
        "case": case,
        "timeline": selectors.public_timeline(case=case) if public else staff_timeline(case),
        "certificate": certificate,
        "certificate_status": certificate.status_on(today) if certificate else "",
        "delivery": certificate_selectors.delivery_for_case(case),
        "can_read_register": certificate_selectors.may_read_register(user),
        "notices": applicant_notifications(case),
        "material_rows": rows,
        "other_materials": others,
        "removed_materials": selectors.removed_materials(case=case) if not read_only or user.is_supervisor else [],
        "read_only": read_only,
        "can_upload": not read_only and case.status in OPEN_STATUSES and material_write_denial(case, user) is None,
        "can_resubmit": (
            not read_only and case.status == Case.Status.SUPPLEMENT_REQUESTED
            and (user.pk in (case.applicant_user_id, case.filed_by_id) or user.has_role(roles.CLERK))
        ),
    }


# --- public pages -------------------------------------------------------------------------------


@require_safe
@public_page
def home(request):
    query = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "").strip()[:32]
    items = item_list_public(search=query, department=department)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/home.html", {
        "query": query, "department": department, "page": page,
        "departments": selectors.departments_with_items(),
    })


@require_safe
@public_page
def guide(request, code: str):
    item = selectors.item_get_public(code=code)
    if item is None:
        raise Http404(_("事项不存在或已停用。"))
    current = guide_current(item=item, on=timezone.localdate())
    return render(request, "portal/guide.html", {
        "item": item,
        "guide": guide_detail(guide_id=current.pk) if current else None,
        "diagram": process_diagram(process_steps_published(item=item)),
        "related": related_for_item(item.code),  # 相关政策 and the like, from apps the portal does not import
    })


@require_safe
def track(request):
    number = request.GET.get("number", "").strip()[:32]
    query_code = request.GET.get("query_code", "").strip()[:16]
    context = {"number": number, "query_code": query_code, "case": None, "error": ""}
    status = 200
    if "number" in request.GET or "query_code" in request.GET:
        if not number or not query_code:
            context["error"] = _("请填写办件编号和查询码。")
            status = 400
        else:
            try:
                case = case_public_lookup_guarded(number=number, query_code=query_code,
                                                  client=client_address(request))
            except DomainError as exc:  # not found (404) or too many attempts (429)
                context["error"] = exc.errors[0].message
                status = exc.status
            else:
                today = timezone.localdate()
                context.update(case=case, timeline=selectors.public_timeline(case=case),
                               clock=case_clock_public(case, today),
                               diagram=selectors.case_process_diagram(case=case, today=today, public=True),
                               notices=applicant_notifications(case))
    return render(request, "portal/track.html", context, status=status)


# --- signed-in pages ----------------------------------------------------------------------------


@login_required
@require_safe
def my_cases(request):
    cases = case_list_visible_to(user=request.user).filter(applicant_user=request.user).order_by("-filed_at", "-id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", {"page": page})


@login_required
@require_safe
@config_snapshot()  # the working calendar's freshness is read once per page
def case_detail(request, number: str):
    case = visible_case_or_404(number=number, user=request.user)
    return render(request, "portal/case.html", case_context(request, case))


@login_required
@require_http_methods(["GET", "POST"])
def case_materials(request, number: str):
    """The guide's checklist with an upload field per material (after filing, or any time later)."""
    case = visible_case_or_404(number=number, user=request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        denial = material_write_denial(case, request.user) if case.status in OPEN_STATUSES else None
        if denial:
            raise PermissionDenied(denial)
        if "remove" in request.POST:
            return _remove_one(request, case)
        errors, saved = _upload_all(request, case)
        if saved:
            messages.success(request, ngettext("已上传 %(n)d 个文件。", "已上传 %(n)d 个文件。", saved) % {"n": saved})
        if not errors:
            if not saved:
                messages.warning(request, _("请选择要上传的文件。"))
            return redirect("portal:case-materials", number=case.number)
    context = case_context(request, case)
    for row in context["material_rows"]:
        row["errors"] = errors.get(row["input"], [])
    context.update(other_errors=errors.get("file-other", []), form_errors=errors.get(NON_FIELD, []))
    return render(request, "portal/case_materials.html", context, status=400 if errors else 200)


def _remove_one(request, case: Case):
    try:
        material_id = int(request.POST.get("remove", ""))
    except ValueError:
        raise Http404(_("该文件不存在。")) from None
    try:
        removed = case_material_remove(case=case, material_id=material_id, reason=request.POST.get("reason", ""),
                                       actor=request.user, now=timezone.now())
    except DomainError as exc:
        for error in exc.errors:
            messages.error(request, error.message)
    else:
        messages.success(request, _("已移除“%(name)s”，移除原因已记入办理过程。") % {"name": removed.original_name})
    return redirect("portal:case-materials", number=case.number)


def _upload_all(request, case: Case) -> tuple[dict[str, list[str]], int]:
    inputs = [(f"file-{r.pk}", r.pk) for r in case.guide.materials.all()] + [("file-other", None)]
    errors: dict[str, list[str]] = {}
    saved = 0
    now = timezone.now()
    for name, requirement_id in inputs:
        for uploaded in request.FILES.getlist(name):
            try:
                case_material_add(case=case, uploaded_file=uploaded, requirement_id=requirement_id,
                                  actor=request.user, now=now)
            except DomainError as exc:
                errors.setdefault(name, []).extend(f"{uploaded.name}：{e.message}" for e in exc.errors)
            else:
                saved += 1
    return errors, saved


@login_required
@require_safe
def material_download(request, number: str, material_id: int):
    """Streams an uploaded file, only to users who may see the case."""
    case = visible_case_or_404(number=number, user=request.user)
    material = case.materials.filter(pk=material_id).first()
    if material is None:
        raise Http404(_("材料不存在。"))
    return private_download(material.file, filename=download_name(material.original_name, material.content_type),
                            content_type=material.content_type, gone_message=_("材料文件已不存在。"))


# --- staff task page (read-only base; workflows/views.py adds the actions) -----------------------


def render_task_page(request, *, task: Task, case: Case, actions: dict | None = None, status: int = 200,
                     extra: dict | None = None):
    context = case_context(request, case)
    step = (task.data or {}).get("step", "")
    context.update(task=task, step=step, step_label=step_label(step), actions=actions or {}, **(extra or {}))
    return render(request, "portal/task.html", context, status=status)


def render_task_read_only(request, task_id: int, *, extra=None, status: int = 200):
    """A task read-only: what it is, who holds it, and its case. Anyone who may see the case may
    read its tasks (a supervisor, a colleague, the holder after it is done)."""
    task = Task.objects.select_related("process", "owner").filter(pk=task_id).first()
    case = Case.objects.filter(process_id=task.process_id).only("number").first() if task else None
    if case is None:
        raise Http404(_("任务不存在。"))
    case = visible_case_or_404(number=case.number, user=request.user)
    if not (request.user.is_staff_member or request.user.is_supervisor or request.user.is_staff
            or request.user.is_superuser):
        # Applicants follow their case on its own page: the task page shows internal budgets and staff.
        return redirect("portal:case", number=case.number)
    return render_task_page(request, task=task, case=case, status=status,
                            extra=extra(task) if callable(extra) else extra)


@login_required
@require_safe
@config_snapshot()  # the working calendar's freshness is read once per page
def task_detail(request, task_id: int):
    """portal:task. The process layer (workflows.views.task_page) serves this path with the claim and
    complete actions and falls back to the read-only page."""
    return render_task_read_only(request, task_id)
