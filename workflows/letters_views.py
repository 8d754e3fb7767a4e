"""Letters pages that start or advance the process: the portal's writing form and the reopening
of a reply (no account), and the staff steps on the letter page (screening, drafting, sign-off,
transfer). Errors are shown beside the fields with what was typed kept; never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from backend.common.attempts import client_address
from backend.common.errors import DomainError
from backend.letters import selectors
from backend.letters import views as letter_views
from backend.letters.models import Letter, LetterType

from . import letters as flow

WRITE_FIELDS = ("mailbox", "letter_type", "subject", "body", "writer_name", "mobile", "email", "about_case_number")


@require_http_methods(["GET", "POST"])
def write(request):
    mailboxes = list(selectors.mailboxes_open())
    values = {"mailbox": request.GET.get("mailbox") or (mailboxes[0].code if mailboxes else "")}
    errors, summary, status = {}, [], 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in WRITE_FIELDS}
        values["may_publish"] = request.POST.get("may_publish") == "on"
        data = {k: v for k, v in values.items() if k != "mailbox"}
        try:
            letter = flow.letter_write(mailbox_code=values["mailbox"], data=data,
                                       files=request.FILES.getlist("attachments"), now=timezone.now())
        except DomainError as exc:
            errors, summary = letter_views.field_errors(exc)
            status = exc.status
        else:
            return render(request, "letters/receipt.html", {"letter": letter}, status=201)
    return render(request, "letters/write.html", {"mailboxes": mailboxes, "types": LetterType.choices,
                                                  "values": values, "errors": errors, "summary": summary},
                  status=status)


@require_POST
def reopen(request):
    number = request.POST.get("number", "").strip()[:32]
    query_code = request.POST.get("query_code", "").strip()[:16]
    try:
        letter = selectors.letter_public_lookup(number=number, query_code=query_code, client=client_address(request))
    except DomainError as exc:
        return render(request, "letters/track.html", {"number": number, "query_code": query_code,
                                                      "error": exc.errors[0].message, "errors": {},
                                                      **letter_views.track_context(None)}, status=exc.status)
    try:
        follow = flow.letter_reopen(letter=letter, reason=request.POST.get("reason", ""), now=timezone.now())
    except DomainError as exc:
        errors, summary = letter_views.field_errors(exc)
        return render(request, "letters/track.html", {
            "number": number, "query_code": query_code, "error": summary[0], "errors": errors,
            "reason": request.POST.get("reason", ""), **letter_views.track_context(selectors.letter_fresh(letter))},
            status=exc.status)
    return render(request, "letters/receipt.html", {"letter": follow, "follow_up": True}, status=201)


def _letter(request, number):
    try:
        return selectors.letter_get_visible(number=number, user=request.user)
    except DomainError:
        raise Http404 from None


def _step_view(form: str, fields: tuple[str, ...], action):
    @login_required
    @require_POST
    def view(request, number: str):
        letter = _letter(request, number)
        values = {k: request.POST.get(k, "") for k in fields}
        try:
            action(request, letter, values)
        except DomainError as exc:
            errors, summary = letter_views.field_errors(exc)
            context = letter_views.detail_context(request, selectors.letter_fresh(letter), errors=errors,
                                                  summary=summary, values=values, form=form)
            return render(request, "letters/staff_detail.html", context, status=exc.status)
        except FlowLockFailed:
            messages.error(request, _("另一位工作人员正在处理此来信，请稍后重试。"))
        return redirect("letters:detail", number=number)
    return view


def _task_id(letter: Letter, step: str) -> int:
    task = flow.open_task(letter)
    if task is None or (task.data or {}).get("step") != step:
        raise DomainError.single(None, "wrong_step", _("该来信当前不在此环节。"), status=409)
    return task.pk


def _screen(request, letter, v):
    accept = v["decision"] == "accept"
    if v["decision"] not in ("accept", "not_accept"):
        raise DomainError.single("decision", "required", _("请选择受理或不予受理。"))
    flow.letter_screen(task_id=_task_id(letter, "accept"), actor=request.user, accept=accept,
                       department_id=int(v["department"]) if v["department"].isdigit() else None,
                       reason=v["reason"], opinion=v["opinion"], about_case_number=v["about_case"],
                       now=timezone.now())
    messages.success(request, _("已受理并交办。") if accept else _("已作不予受理处理，并告知来信人。"))


def _draft(request, letter, v):
    submit = v["action"] != "save"
    flow.letter_draft(task_id=_task_id(letter, "handle"), actor=request.user, text=v["reply"],
                      classification=v["classification"], outcome=v["outcome"], submit=submit, now=timezone.now())
    messages.success(request, _("答复已提交审签。") if submit else _("草稿已保存。"))


def _sign(request, letter, v):
    approve = v["decision"] == "approve"
    if v["decision"] not in ("approve", "return"):
        raise DomainError.single("decision", "required", _("请选择签发或退回修改。"))
    flow.letter_sign(task_id=_task_id(letter, "sign"), actor=request.user, approve=approve, opinion=v["opinion"],
                     police_organ=v["police_organ"], referral_reason=v["referral_reason"], now=timezone.now())
    messages.success(request, _("答复已签发，已告知来信人。") if approve else _("已退回承办人修改。"))


def _transfer(request, letter, v):
    flow.letter_transfer(letter=letter, to_department_id=int(v["department"]) if v["department"].isdigit() else None,
                         reason=v["reason"], actor=request.user, now=timezone.now())
    messages.success(request, _("已转办，原答复期限不变。"))


screen = _step_view("screen", ("decision", "department", "reason", "opinion", "about_case"), _screen)
draft = _step_view("draft", ("reply", "classification", "outcome", "action"), _draft)
sign = _step_view("sign", ("decision", "opinion", "police_organ", "referral_reason"), _sign)
transfer = _step_view("transfer", ("department", "reason"), _transfer)
