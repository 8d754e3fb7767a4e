"""HTML pages that start or advance the permit process: online filing, filing at a window desk,
resubmission after a supplement notice, and the staff inbox with its claim and complete actions.

Reading pages (portal, guides, tracking, case pages, material uploads) are in backend/portal; these
reuse its templates and helpers. Every service error is shown on the page, never as a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from viewflow.workflow.exceptions import FlowLockFailed

from backend.accounts import roles
from backend.cases.models import Case
from backend.cases.selectors import case_list_visible_to
from backend.cases.services import case_material_add
from backend.catalog.models import ServiceItem
from backend.catalog.selectors import guide_current, item_list_public
from backend.catalog.step_types import CERTIFY, DELIVER, default_send_back_target
from backend.certificates import selectors as certificate_selectors
from backend.certificates.models import DeliveryRecord
from backend.common.errors import DomainError, FieldError
from backend.common.snapshot import config_snapshot
from backend.letters.models import Mailbox
from backend.portal import forms
from backend.portal import selectors as portal_selectors
from backend.portal import views as portal

from .decisions import FILE_FIELDS, STEP_FIELDS, STEP_INPUT
from .views_people import reassign_context


# flows.py imports this module while PermitFlow is being built (its StepView nodes need
# task_page_view) and the process services and selectors import flows, so they are imported when a
# page is served rather than when this module loads.
def _services():
    from . import services

    return services


def _selectors():
    from . import selectors

    return selectors


def task_page_view(request, **kwargs):
    """The flow's View nodes point here (viewflow's own task URLs); our task page is portal:task."""
    return redirect("portal:task", task_id=kwargs.get("task_pk"))


def _locked_message():
    return _("另一位工作人员正在处理此办件，请稍后重试。")


def _message_all(request, exc: DomainError, level=messages.ERROR) -> None:
    for error in exc.errors:
        messages.add_message(request, level, str(error.message))


def _filed_message(request, case: Case) -> None:
    messages.success(request, _("申请已提交。办件编号：%(number)s，查询码：%(code)s。请妥善保存，凭此查询办理进度。")
                     % {"number": case.number, "code": case.query_code})


# --- filing -------------------------------------------------------------------------------------


def _own_form_url(item: ServiceItem) -> str:
    if item.category == ServiceItem.Category.LETTER:
        mailbox = Mailbox.objects.filter(item=item).values_list("code", flat=True).first()
        return reverse("letters_write:write") + (f"?mailbox={mailbox}" if mailbox else "")
    return reverse("foi_flow:apply")


@require_http_methods(["GET", "POST"])
def case_apply(request, code: str):
    """Online filing by the applicant (channel "online"). A letter or an information request is sent
    to its own form (which keeps its own record), before any sign-in: letters need none."""
    item = portal_selectors.item_get_public(code=code)
    if item is None:
        raise Http404(_("事项不存在或已停用。"))
    if item.category != ServiceItem.Category.APPLICATION:
        return redirect(_own_form_url(item))
    return _case_apply(request, item)


@login_required
def _case_apply(request, item):
    if portal.is_read_only(request.user):
        raise PermissionDenied(_("监察人员只能查看，不能申请办件。"))
    guide = guide_current(item=item, on=timezone.localdate())
    user = request.user
    values = {"type": "person", "name": user.get_full_name(), "mobile": user.mobile}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = forms.applicant_from_post(request.POST)
        try:
            case = _services().case_file_and_start(
                item_code=item.code, channel=Case.Channel.ONLINE, applicant=forms.applicant_payload(values),
                actor=user, now=timezone.now(),
            )
        except DomainError as exc:
            errors = forms.errors_by_field(exc)
        else:
            _filed_message(request, case)
            return redirect("portal:case-materials", number=case.number)
    return render(request, "process/apply.html", {
        "item": item, "guide": guide, "values": values, "errors": errors,
        "top_errors": forms.non_field_messages(errors, forms.APPLICANT_FIELDS),
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    """A window clerk files on the applicant's behalf (channel "window")."""
    user = request.user
    if not user.has_role(roles.CLERK):
        raise PermissionDenied(_("只有窗口人员可以使用窗口受理台。"))
    values = {"type": "person", "item": request.GET.get("item", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {**forms.applicant_from_post(request.POST), "item": request.POST.get("item", "").strip()}
        if not values["item"]:
            errors = {"item": [_("请选择办理事项。")]}
        else:
            try:
                case = _services().case_file_and_start(
                    item_code=values["item"], channel=Case.Channel.WINDOW,
                    applicant=forms.applicant_payload(values), actor=user, now=timezone.now(),
                )
            except DomainError as exc:
                errors = forms.errors_by_field(exc)
            else:
                _filed_message(request, case)
                return redirect("portal:case-materials", number=case.number)
    recent = case_list_visible_to(user=user).filter(filed_by=user, channel=Case.Channel.WINDOW)[:10]
    return render(request, "process/desk.html", {
        "items": item_list_public().filter(category=ServiceItem.Category.APPLICATION), "values": values,
        "errors": errors, "recent": recent,
        "top_errors": forms.non_field_messages(errors, (*forms.APPLICANT_FIELDS, "item")),
    }, status=400 if errors else 200)


@login_required
@require_POST
def case_resubmit(request, number: str):
    """The applicant (or a clerk) answers the one-time supplement notice: uploads, then resubmits."""
    case = portal.visible_case_or_404(number=number, user=request.user)
    if portal.is_read_only(request.user):
        raise PermissionDenied(_("监察人员只能查看，不能修改办件。"))
    if case.status != Case.Status.SUPPLEMENT_REQUESTED:
        messages.warning(request, _("该办件当前不需要补正。"))
        return redirect("portal:case", number=case.number)
    opinion = request.POST.get("opinion", "").strip()[:4000]
    now = timezone.now()
    try:
        with transaction.atomic():
            for uploaded in request.FILES.getlist("files"):
                try:
                    case_material_add(case=case, uploaded_file=uploaded, requirement_id=None,
                                      actor=request.user, now=now)
                except DomainError as exc:
                    raise DomainError([FieldError("files", e.code, f"{uploaded.name}：{e.message}")
                                       for e in exc.errors], exc.status) from exc
            _services().case_resubmit_and_continue(case=case, actor=request.user, now=now, opinion=opinion)
    except FlowLockFailed:
        messages.warning(request, _locked_message())
    except DomainError as exc:
        if exc.status != 400:
            _message_all(request, exc, messages.WARNING)
            return redirect("portal:case", number=case.number)
        case.refresh_from_db()
        context = portal.case_context(request, case)
        errors = forms.errors_by_field(exc)
        context.update(resubmit_errors=errors, resubmit_opinion=opinion,
                       resubmit_top_errors=forms.non_field_messages(errors, ("files", "opinion")))
        return render(request, "portal/case.html", context, status=400)
    else:
        messages.success(request, _("补正材料已提交，办件已重新进入受理环节。"))
    return redirect("portal:case", number=case.number)


# --- staff inbox and task actions ---------------------------------------------------------------


# Longer than any field takes (the service refuses an over-long value, naming the field), short
# enough that a page never carries an unbounded value back into the form.
STEP_INPUT_MAX = 4000


def _require_staff(user) -> None:
    if not user.is_staff_member:
        raise PermissionDenied(_("只有工作人员可以办理任务。"))


@login_required
@require_safe
@config_snapshot()  # the working calendar's freshness is read once per page
def task_inbox(request):
    _require_staff(request.user)
    tasks = _selectors().task_list_visible_to(user=request.user)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    # A department head also sees the department's open tasks, to reassign a claimed one (转办).
    headed = list(_selectors().task_list_headed_by(user=request.user).exclude(pk__in=[t.pk for t in page])[:100])
    return render(request, "process/tasks.html", {"page": page, "headed": headed})


def _task_page(request, task_id: int, *, values=None, errors=None, status: int = 200, reassign=None):
    def extra(task):
        return {"reassign": reassign_context(request, task, reassign)}

    task = _selectors().task_get_visible(task_id=task_id, user=request.user) if request.user.is_staff_member else None
    if task is None:  # done, held by a colleague, or a reader such as a supervisor
        return portal.render_task_read_only(request, task_id, extra=extra, status=status)
    case = (Case.objects.select_related("item__department", "guide", "service_centre", "process_version")
            .get(process_id=task.process_id))
    errors = errors or {}
    decisions = _services().allowed_decisions(task=task, case=case)
    targets = ({t["position"]: t["step"] for t in _services().send_back_targets(task=task)}
               if "send_back" in decisions else {})
    covered = task.owner_id is not None and _selectors().task_covered_owner(task=task, user=request.user)
    represented = task.owner if covered else _selectors().task_covered_post(task=task, user=request.user)
    actions = {
        "can_claim": task.owner_id is None or covered,
        "on_behalf_of": represented,
        "mine": task.owner_id == request.user.pk,
        "decisions": [(d, forms.decision_label(d)) for d in decisions],
        "allows_supplement": "supplement" in decisions,
        "recommendation": forms.decision_label("recommend_" + recommended) if (
            recommended := (_selectors().task_recommendation(task)
                            if (task.data or {}).get("step") == "decide" else None)) else "",
        "send_back_targets": [(position, forms.step_label(step)) for position, step in targets.items()],
        "send_back_default": _send_back_choice(targets, values),
        "checklist": _checklist(case, values) if (task.data or {}).get("step") == "accept" else [],
        "values": values or {},
        "errors": errors,
        "top_errors": forms.non_field_messages(errors, ("decision", "opinion", "missing_materials", "send_back_to",
                                                        "received_materials", *_step_fields(task))),
    }
    step = (task.data or {}).get("step", "")
    if step == CERTIFY:
        pattern, title = certificate_selectors.pattern_for(case.item)
        actions["certify"] = {"pattern": pattern, "title": title, "holder": case.applicant_name,
                              "today": timezone.localdate().isoformat()}
    elif step == DELIVER:
        actions["deliver"] = {"methods": DeliveryRecord.Method.choices, "today": timezone.localdate().isoformat(),
                              "recipient": case.contact_name or case.applicant_name}
    return portal.render_task_page(request, task=task, case=case, actions=actions, status=status, extra=extra(task))


def _checklist(case: Case, values) -> list[dict]:
    """The acceptance checklist rows: each material of the guide, ticked as the clerk left it on a
    refused submit, else ticked when a file was uploaded for it (received electronically)."""
    from backend.cases.receipts import default_entry
    from backend.cases.services import requirements_of, uploaded_requirement_ids

    uploaded = uploaded_requirement_ids(case)
    posted = {e["requirement"]: e for e in (values or {}).get("received") or ()}
    resubmitted = (values or {}).get("received") is not None
    rows = []
    for requirement in requirements_of(case):
        entry = posted.get(requirement.id) or default_entry(requirement, uploaded=requirement.id in uploaded)
        rows.append({**entry, "material": requirement,
                     "received": requirement.id in posted if resubmitted else requirement.id in uploaded})
    return rows


def _received_from_post(post) -> list[dict] | None:
    """The checklist as posted (received_<id>, form_<id>, copies_<id>, medium_<id>); None when the
    page had no checklist."""
    if "checklist" not in post:
        return None
    received = []
    for key in post:
        if key.startswith("received_") and key[9:].isdigit():
            n = key[9:]
            copies = post.get(f"copies_{n}", "").strip()
            received.append({"requirement": int(n), "form": post.get(f"form_{n}", "").strip()[:20],
                             "copies": int(copies) if copies.isdigit() else copies[:6],
                             "medium": post.get(f"medium_{n}", "").strip()[:20]})
    return received


def _step_fields(task) -> tuple[str, ...]:
    return STEP_FIELDS.get((task.data or {}).get("step", ""), ())


def _send_back_choice(targets: dict[int, str], values) -> int | None:
    """The target the form shows selected: the one chosen before a refused submit, else the default."""
    chosen = (values or {}).get("send_back_to", "")
    if str(chosen).isdigit():
        return int(chosen)
    return default_send_back_target(targets) if targets else None


@login_required
@require_safe
@config_snapshot()  # the working calendar's freshness is read once per page
def task_page(request, task_id: int):
    """portal:task, with actions: claim when free, decide when held by the user."""
    return _task_page(request, task_id)


@login_required
@require_POST
def task_claim(request, task_id: int):
    _require_staff(request.user)
    try:
        _services().task_claim(task_id=task_id, actor=request.user, now=timezone.now())
    except FlowLockFailed:
        messages.warning(request, _locked_message())
        return redirect("process:tasks")
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(str(exc)) from None
        _message_all(request, exc, messages.WARNING)
        return redirect("process:tasks")
    messages.success(request, _("已签收任务，请办理。"))
    return redirect("portal:task", task_id=task_id)


@login_required
@require_POST
def task_complete(request, task_id: int):
    _require_staff(request.user)
    values = {
        "decision": request.POST.get("decision", "").strip(),
        "opinion": request.POST.get("opinion", "").strip()[:4000],
        "missing_materials": request.POST.get("missing_materials", "")[:8000],
        "send_back_to": request.POST.get("send_back_to", "").strip()[:6],
        "received": _received_from_post(request.POST),
    }
    # What 制证 and 送达 take: only the fields the page sent (a step's form has its own), the file apart.
    step_input = {name: request.POST.get(name, "").strip()[:STEP_INPUT_MAX]
                  for name in STEP_INPUT - FILE_FIELDS if name in request.POST}
    values.update(step_input)
    if "proof" in request.FILES:
        step_input["proof"] = request.FILES["proof"]
    if not values["decision"]:
        return _task_page(request, task_id, values=values, errors={"decision": [_("请选择处理结果。")]}, status=400)
    try:
        task = _services().task_complete(
            task_id=task_id, actor=request.user, decision=values["decision"], opinion=values["opinion"],
            missing_materials=forms.lines(values["missing_materials"]), now=timezone.now(),
            send_back_to=(int(values["send_back_to"]) if values["send_back_to"].isdigit()
                          and values["decision"] == "send_back" else None),  # the select is always posted
            # Every decision that accepts (an immediate item's approve and deny at the window too).
            received_materials=values["received"] if values["decision"] in ("accept", "approve", "deny") else None,
            step_input=step_input or None,
        )
    except FlowLockFailed:
        messages.warning(request, _locked_message())
        return redirect("portal:task", task_id=task_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(str(exc)) from None
        if exc.status == 409:
            _message_all(request, exc, messages.WARNING)
            return redirect("portal:task", task_id=task_id)
        return _task_page(request, task_id, values=values, errors=forms.errors_by_field(exc), status=exc.status)
    number = Case.objects.filter(process_id=task.process_id).values_list("number", flat=True).first()
    messages.success(request, _("已办理：%(decision)s（办件 %(number)s）。")
                     % {"decision": forms.decision_label(values["decision"]), "number": number})
    return redirect("process:tasks")


@login_required
@require_POST
def task_reassign(request, task_id: int):
    values = {"to_user": request.POST.get("to_user", "").strip()[:12], "reason": request.POST.get("reason", "")[:4000]}
    try:
        _services().task_reassign(task_id=task_id, actor=request.user, reason=values["reason"], now=timezone.now(),
                               to_user_id=int(values["to_user"]) if values["to_user"].isdigit() else None)
    except FlowLockFailed:
        messages.warning(request, _("另一位工作人员正在处理此办件，请稍后重试。"))
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc.errors[0].message)) from None
        if exc.status == 404:
            raise Http404(str(exc)) from None
        if exc.status == 409:
            for error in exc.errors:
                messages.warning(request, str(error.message))
        else:
            return _task_page(request, task_id, status=400,
                              reassign={"values": values, "errors": forms.errors_by_field(exc)})
    else:
        messages.success(request, _("已转办。"))
    return redirect("portal:task", task_id=task_id)
