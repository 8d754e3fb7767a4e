"""The disclosure office's pages under /foi/: the list of requests with filters and clock state, a
request's page with its timeline and the actions that leave the process where it is (extension,
补正, consultations, drafting the reply, files), and the reply letter's download. The process steps
(register, confirm, submit, sign, deliver) post to workflows/foi_views.py and come back here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from backend.cases.extensions import case_section
from backend.common.downloads import private_download
from backend.common.errors import DomainError, NotFound

from . import api, replies, report_selectors, rules, selectors, services
from .models import Consultation, InfoRequest

PAGE_SIZE = 30


def errors_of(exc: DomainError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in exc.errors:
        out.setdefault(error.field or "general", []).append(str(error.message))
    return out


def _reader(user) -> None:
    if not (user.is_staff_member or user.is_supervisor or user.is_superuser):
        raise PermissionDenied(_("只有政府信息公开工作人员、监察人员和管理员可以查看。"))


def _get(request, number: str) -> InfoRequest:
    try:
        return selectors.request_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None


@login_required
@require_safe
def request_list(request):
    _reader(request.user)
    qs = selectors.request_filter(selectors.request_list_visible_to(user=request.user), request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "foi/list.html", {
        "page": page, "rows": page.object_list, "params": request.GET,
        "channels": InfoRequest.Channel.choices, "reply_types": InfoRequest.ReplyType.choices,
        "clock_states": [("green", _("正常")), ("yellow", _("预警")), ("red", _("超时")), ("suspended", _("暂停计时")),
                         ("completed", _("已结束"))],
        "may_view_reports": report_selectors.can_view(request.user),
    })


def render_detail(request, info: InfoRequest, *, errors=None, form: str = "", values=None, status: int = 200):
    today = timezone.localdate()
    context = {
        "info": info, "case": info.case, "clock": case_section("clock", info.case, today),
        "delivery": case_section("delivery", info.case, today),
        "timeline": selectors.request_timeline(info), "actions": selectors.actions_for(request=info, user=request.user),
        "stage_label": selectors.STAGES[selectors.stage(info)], "errors": errors or {}, "form": form,
        "values": values or {}, "reply_types": [(t, InfoRequest.ReplyType(t).label) for t in rules.STAFF_TYPES],
        "grounds": InfoRequest.Ground.choices, "data_fields": [(k, v[0]) for k, v in rules.DATA_FIELDS.items()],
        "needs": {t: list(s.fields) for t, s in rules.SPECS.items()},
        "consultation_kinds": Consultation.Kind.choices, "open_consultations": info.consultations.filter(
            answered_at__isnull=True),
        "delivery_methods": [("electronic", _("电子送达")), ("post", _("邮寄")), ("window", _("窗口领取"))],
        "today": today, "today_iso": today.isoformat(),
    }
    return render(request, "foi/detail.html", context, status=status)


@login_required
@require_safe
def request_detail(request, number: str):
    _reader(request.user)
    return render_detail(request, _get(request, number))


def _act(request, number: str, form: str, action):
    """Run `action(info, post)`; on a DomainError the page again with the errors beside the fields
    and what was typed kept."""
    info = _get(request, number)
    try:
        action(info, request.POST)
    except DomainError as exc:
        return render_detail(request, info, errors=errors_of(exc), form=form, values=request.POST,
                             status=exc.status if exc.status in (400, 403, 409) else 400)
    return redirect("foi:detail", number=number)


@login_required
@require_POST
def request_extend(request, number: str):
    return _act(request, number, "extend", lambda info, p: services.request_extend(
        request=info, days=p.get("days"), reason=p.get("reason"), actor=request.user, now=timezone.now()))


@login_required
@require_POST
def request_supplement(request, number: str):
    return _act(request, number, "supplement", lambda info, p: services.supplement_request(
        request=info, text=p.get("supplement_request"), days=p.get("days") or None, actor=request.user,
        now=timezone.now()))


@login_required
@require_POST
def request_answer(request, number: str):
    return _act(request, number, "answer", lambda info, p: services.supplement_answer(
        request=info, answer=p.get("supplement_answer"), actor=request.user, now=timezone.now()))


@login_required
@require_POST
def request_consult(request, number: str):
    return _act(request, number, "consult", lambda info, p: services.consultation_open(
        request=info, kind=p.get("kind"), party=p.get("party"), days=p.get("days") or None, actor=request.user,
        now=timezone.now()))


@login_required
@require_POST
def consultation_close(request, number: str, consultation_id: int):
    def close(info, p):
        row = info.consultations.filter(pk=consultation_id).first()
        if row is None:
            raise NotFound(_("征求意见记录不存在。"))
        services.consultation_close(consultation=row, opinion=p.get("opinion"), lapsed=p.get("lapsed") == "on",
                                    actor=request.user, now=timezone.now())
    return _act(request, number, f"close-{consultation_id}", close)


@login_required
@require_POST
def request_reply(request, number: str):
    def draft(info, p):
        data = {name: p.get(f"data_{name}", "") for name in rules.DATA_FIELDS if p.get(f"data_{name}", "").strip()}
        replies.reply_draft(request=info, reply_type=p.get("reply_type"), reply_ground=p.get("reply_ground"),
                            reply_data=data, text=p.get("reply_text") if p.get("keep_text") == "on" else None,
                            actor=request.user, now=timezone.now())
    return _act(request, number, "reply", draft)


@login_required
@require_POST
def request_file(request, number: str):
    return _act(request, number, "file", lambda info, p: replies.reply_file_add(
        request=info, uploaded_file=request.FILES.get("file"), actor=request.user, now=timezone.now()))


@login_required
@require_safe
def reply_pdf(request, number: str):
    """The reply letter: for the organ's staff (a draft before sign-off), supervisors, administrators
    and the signed-in applicant (the signed letter only)."""
    info = _get(request, number)
    staff = bool(request.user.is_staff_member) and info.organ_id in request.user.department_ids
    try:
        return api.reply_pdf_response(info, staff=staff)
    except NotFound as exc:
        raise Http404(str(exc)) from None


@login_required
@require_safe
def reply_file(request, number: str, file_id: int):
    info = _get(request, number)
    row = info.files.filter(pk=file_id).first()
    staff = bool(request.user.is_staff_member) and info.organ_id in request.user.department_ids
    if row is None or not (staff or info.signed_at):
        raise Http404(_("文件不存在。"))
    return private_download(row.file, filename=row.original_name, content_type=row.content_type,
                            gone_message=_("文件已不在存储中。"))
