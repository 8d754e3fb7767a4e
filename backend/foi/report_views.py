"""Annual report pages: for the disclosure office (generate, enter, see, download, sign off,
publish, reopen) at /foi/reports/, and the published reports on the public site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from backend.accounts.models import Department
from backend.common.downloads import content_disposition
from backend.common.errors import DomainError

from . import report, report_excel
from . import report_selectors as selectors
from . import report_services as services
from .models_report import AnnualReport


def _domain(request, exc: DomainError, *, back: str, rep: AnnualReport | None = None):
    """403 → forbidden page, 404 → not found, 409 → the refusal page; a 400 becomes messages."""
    if exc.status == 403:
        raise PermissionDenied(str(exc))
    if exc.status == 404:
        raise Http404(str(exc))
    if exc.status == 409:
        return render(request, "foi/report/refused.html", {"rep": rep, "errors": exc.errors, "back": back},
                      status=409)
    for error in exc.errors:
        messages.error(request, error.message)
    return redirect(back)


def _get(request, report_id: int) -> AnnualReport:
    try:
        return selectors.report_get_visible(user=request.user, report_id=report_id)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from None
        raise Http404(str(exc)) from None


@login_required
@require_safe
def report_list(request):
    try:
        reports = list(selectors.report_list_visible_to(user=request.user))
    except DomainError as exc:
        raise PermissionDenied(str(exc)) from None
    now = timezone.now()
    year = report.reporting_year(timezone.localdate(now))
    county = next((r for r in reports if r.year == year and not r.organ_id), None)
    return render(request, "foi/report/list.html", {
        "reports": [(r, selectors.due_for(r, year=r.year, now=now)) for r in reports],
        "year": year, "county": county, "due": selectors.due_for(county, year=year, now=now),
        "organs": Department.objects.order_by("code"), "can_edit": selectors.can_edit(request.user),
    })


@login_required
@require_POST
def report_generate(request):
    try:
        organ = selectors.organ_get(request.POST.get("organ", ""))
        rep = services.report_generate(year=request.POST.get("year"), organ=organ, actor=request.user,
                                       now=timezone.now())
    except DomainError as exc:
        return _domain(request, exc, back="foi_report:list")
    title = selectors.report_title(rep.year, rep.organ)
    messages.success(request, _("已按截至现在的记录统计 %(title)s。") % {"title": title})
    return redirect("foi_report:detail", report_id=rep.pk)


def _form_values(post) -> dict:
    """The posted fields ("proactive.rules.issued" …) as the nested dict report_update takes."""
    data: dict = {name: post.get(name, "") for name in report.TEXT_FIELDS}
    proactive: dict = {kind: {f: post.get(f"proactive.{kind}.{f}", "") for f in report.DOCUMENT_FIELDS}
                       for kind in report.DOCUMENT_KINDS}
    proactive.update({name: post.get(f"proactive.{name}", "") for name in (*report.DECISION_FIELDS, "fees")})
    data["proactive"] = proactive
    data["review"] = {g: {f: post.get(f"review.{g}.{f}", "") for f in report.REVIEW_FIELDS}
                      for g in report.REVIEW_GROUPS}
    return data


def _field(name: str, label, value, errors: dict) -> dict:
    return {"name": name, "id": "f-" + name.replace(".", "-"), "label": str(label), "value": value,
            "error": errors.get(name)}


def _form(values: dict, errors: dict) -> dict:
    """What the edit form shows: every field with its id, value (as typed) and error."""
    p, v = values["proactive"], values["review"]
    documents = [{"label": label, "fields": [_field(f"proactive.{kind}.{f}", col, p[kind][f], errors)
                                            for f, col in zip(report.DOCUMENT_FIELDS,
                                                              (_("本年制发件数"), _("本年废止件数"), _("现行有效件数")),
                                                              strict=True)]}
                 for kind, label in (("rules", _("规章")), ("normative", _("行政规范性文件")))]
    decisions = [_field("proactive.penalty", _("行政处罚（本年处理决定数量）"), p["penalty"], errors),
                 _field("proactive.enforcement", _("行政强制（本年处理决定数量）"), p["enforcement"], errors),
                 _field("proactive.fees", _("行政事业性收费（本年收费金额，万元）"), p["fees"], errors)]
    review = [{"label": str(report.REVIEW_LABELS[g]),
               "fields": [_field(f"review.{g}.{f}", report.REVIEW_LABELS[f], v[g][f], errors)
                          for f in report.REVIEW_FIELDS]} for g in report.REVIEW_GROUPS]
    texts = [_field(name, label, values[name], errors) for name, label in (
        ("overview", _("一、总体情况")), ("problems", _("五、存在的主要问题及改进情况")),
        ("other_matters", _("六、其他需要报告的事项")))]
    return {"texts": texts, "documents": documents, "decisions": decisions, "review": review,
            "review_columns": [str(report.REVIEW_LABELS[f]) for f in report.REVIEW_FIELDS],
            "has_errors": bool(errors)}


def _stored_values(rep: AnnualReport) -> dict:
    doc = selectors.report_document(rep)
    return {"overview": rep.overview, "problems": rep.problems, "other_matters": rep.other_matters,
            "proactive": doc["proactive"], "review": doc["review"]}


def _detail(request, rep: AnnualReport, *, values: dict | None = None, errors: dict | None = None, status=200):
    now = timezone.now()
    editable = rep.status == AnnualReport.Status.DRAFT and selectors.can_edit(request.user)
    return render(request, "foi/report/detail.html", {
        "rep": rep, "doc": selectors.report_document(rep), "due": selectors.due_for(rep, year=rep.year, now=now),
        "editable": editable, "form": _form(values or _stored_values(rep), errors or {}) if editable else None,
        "can_edit": selectors.can_edit(request.user), "can_sign": selectors.can_sign_off(request.user, rep),
        "may_publish": selectors.can_publish(request.user, rep), "signer": selectors.signer_for(rep),
        "publication": selectors.publication_of(rep),
    }, status=status)


@login_required
def report_detail(request, report_id: int):
    rep = _get(request, report_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return _detail(request, rep)
    values = _form_values(request.POST)
    try:
        services.report_update(rep=rep, data=values, actor=request.user, now=timezone.now())
    except DomainError as exc:
        if exc.status != 400:
            return _domain(request, exc, back="foi_report:list", rep=rep)
        errors = {e.field or "": e.message for e in exc.errors}
        return _detail(request, rep, values=values, errors=errors, status=400)
    messages.success(request, _("已保存。"))
    return redirect("foi_report:detail", report_id=rep.pk)


def _action(request, report_id: int, act, done: str):
    rep = _get(request, report_id)
    try:
        act(rep)
    except DomainError as exc:
        if exc.status == 400:
            for error in exc.errors:
                messages.error(request, error.message)
            return redirect("foi_report:detail", report_id=rep.pk)
        return _domain(request, exc, back="foi_report:list", rep=rep)
    messages.success(request, done)
    return redirect("foi_report:detail", report_id=rep.pk)


@login_required
@require_POST
def report_refresh(request, report_id: int):
    return _action(request, report_id, lambda r: services.report_generate(
        year=r.year, organ=r.organ, actor=request.user, now=timezone.now()), _("已重新统计。"))


@login_required
@require_POST
def report_sign_off(request, report_id: int):
    return _action(request, report_id, lambda r: services.report_sign_off(
        rep=r, actor=request.user, now=timezone.now()), _("年度报告已审签。"))


@login_required
@require_POST
def report_publish(request, report_id: int):
    return _action(request, report_id, lambda r: services.report_publish(
        rep=r, actor=request.user, now=timezone.now()), _("年度报告已提交公开，稍后出现在政务公开网站。"))


@login_required
@require_POST
def report_reopen(request, report_id: int):
    return _action(request, report_id, lambda r: services.report_reopen(
        rep=r, reason=request.POST.get("reason", ""), actor=request.user, now=timezone.now()),
        _("年度报告已退回修订，修改后须重新审签和公开。"))


def excel_response(doc: dict) -> HttpResponse:
    ascii_name, name = report_excel.filename(doc)
    response = HttpResponse(report_excel.workbook(doc),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition(name, ascii_name=ascii_name)
    return response


@login_required
@require_safe
def report_excel_download(request, report_id: int):
    rep = _get(request, report_id)
    response = excel_response(selectors.report_document(rep))
    response["Cache-Control"] = "private, no-store"
    return response


# --- public ---------------------------------------------------------------------------------------

@require_safe
def public_list(request):
    return render(request, "foi/report/public_list.html", {"publications": selectors.published_list()})


def _published(subject: str):
    publication = selectors.published_get(subject)
    if publication is None:
        raise Http404(subject)
    return publication


@require_safe
def public_detail(request, subject: str):
    publication = _published(subject)
    return render(request, "foi/report/public_detail.html", {"publication": publication, "doc": publication.payload})


@require_safe
def public_json(request, subject: str):
    publication = _published(subject)
    if publication.status != publication.Status.PUBLISHED:
        return JsonResponse({"subject": publication.subject, "status": publication.status,
                             "withdrawn_reason": publication.withdrawn_reason}, status=410)
    body = {"subject": publication.subject, "version": publication.version, "status": publication.status,
            "published_at": timezone.localtime(publication.published_at).isoformat(),
            "correction_reason": publication.correction_reason, "report": publication.payload}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_safe
def public_excel(request, subject: str):
    publication = _published(subject)
    if publication.status != publication.Status.PUBLISHED:
        raise Http404(subject)
    return excel_response(publication.payload)
