"""Catalogue pages. Public (no sign-in): the tree, a column's documents, a document, JSON and Atom,
all read from disclosure Publications. Staff: their columns and documents, the draft form and the
document page whose buttons call the services. Views stay thin: services decide and check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backend.common.errors import DomainError
from backend.disclosure.feeds import _PublicationFeed
from backend.disclosure.models import Publication

from . import rules, selectors, services
from .models import Document

PAGE_SIZE = 20


def field_errors(exc: DomainError) -> tuple[dict, list[str]]:
    by_field: dict = {}
    for e in exc.errors:
        by_field.setdefault(e.field or "__all__", []).append(str(e.message))
    return by_field, [str(e.message) for e in exc.errors]


# -- public ---------------------------------------------------------------------------------------
@require_safe
def public_tree(request):
    return render(request, "directory/public_tree.html", {"tree": selectors.column_tree()})


def _filters(request) -> dict:
    return {"validity": request.GET.get("validity", "")[:20], "topic": request.GET.get("topic", "")[:40],
            "q": request.GET.get("q", "").strip()[:100]}


@require_safe
def public_column(request, code: str):
    column = selectors.column_get_public(code=code)
    if column is None:
        raise Http404
    f = _filters(request)
    qs = selectors.document_list_public(column=code, validity=f["validity"], topic=f["topic"], search=f["q"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/public_column.html", {
        "column": column, "page": page, "filters": f, "validities": Document.Validity.choices,
        "topics": selectors.topics_public(column=code), "tree": selectors.column_tree()})


@require_safe
def public_document(request, subject: str):
    pub = selectors.document_get_public(subject=subject)
    if pub is None:
        raise Http404
    interpretations = ([] if "interprets" in pub.payload
                       else selectors.interpretations_public(subjects=[pub.subject])[pub.subject])
    return render(request, "directory/public_document.html", {"pub": pub, "p": pub.payload,
                                                              "interpretations": interpretations})


def public_json_row(pub: Publication, interpretations: dict | None = None) -> dict:
    """The payload as published; a policy's `interpretations` are those public now (a later staged
    interpretation is listed as soon as it is published)."""
    row = {**pub.payload, "version": pub.version, "status": pub.status,
           "published_at": pub.published_at.isoformat()}
    if interpretations is not None and "interprets" not in pub.payload:
        row["interpretations"] = [{k: v for k, v in i.items() if k != "status"}
                                  for i in interpretations.get(pub.subject, [])]
    return row


@require_safe
def public_json(request):
    f = _filters(request)
    qs = selectors.document_list_public(column=request.GET.get("column", "")[:40], validity=f["validity"],
                                        topic=f["topic"], search=f["q"])[:500]
    qs = list(qs)
    interpretations = selectors.interpretations_public(subjects=[p.subject for p in qs])
    columns = [{"code": n.column.code, "name": n.column.name, "count": n.count,
                "last_published_at": n.last.isoformat() if n.last else None,
                "children": [c.column.code for c in n.children]}
               for n in _walk(selectors.column_tree())]
    return JsonResponse({"columns": columns, "documents": [public_json_row(p, interpretations) for p in qs]},
                        json_dumps_params={"ensure_ascii": False})


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


class CatalogueFeed(_PublicationFeed):
    kind = Publication.Kind.DOCUMENT
    section = "catalogue"

    def title(self):
        return _("政府信息公开目录")

    def feed_url(self):
        return "/public/catalogue/feed.atom"

    def item_link(self, item: Publication):
        return f"/public/catalogue/documents/{item.subject}/"

    def published_title(self, item: Publication):
        return item.title

    def published_summary(self, item: Publication):
        p = item.payload
        return " ".join(t for t in (p.get("column", {}).get("name", ""), p.get("doc_number", ""),
                                    p.get("validity_label", "")) if t)

    def item_description(self, item: Publication):
        return escape(self.summary_text(item))


# -- staff --------------------------------------------------------------------------------------------
def _staff(request):
    if not (request.user.is_staff_member or selectors.sees_all(request.user)
            or request.user.headed_departments.exists()):
        raise PermissionDenied


def _visible(request, pk: int) -> Document:
    try:
        return selectors.document_get_visible(pk=pk, user=request.user)
    except DomainError:
        raise Http404 from None


@login_required
@require_safe
def staff_list(request):
    _staff(request)
    docs = selectors.document_filter(selectors.document_list_visible_to(user=request.user),
                                     status=request.GET.get("status", "")[:20],
                                     column=request.GET.get("column", "")[:40],
                                     search=request.GET.get("search", "").strip()[:100])
    page = Paginator(docs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/staff_list.html", {
        "columns": [(c, selectors.column_due_on(c)) for c in
                    selectors.column_list_visible_to(user=request.user).order_by("position", "code")],
        "today": timezone.localdate(),
        "page": page, "statuses": Document.Status.choices,
        "filters": {k: request.GET.get(k, "") for k in ("status", "column", "search")}})


FORM_FIELDS = ("column", "title", "doc_number", "issuing_organ", "written_on", "effective_from", "body", "topic",
               "validity")
POLICY_FIELDS = ("needs_interpretation", "service_items")  # a policy's: 须配政策解读, 相关事项 (codes)
# An interpretation keeps its column and policy; its form and date are edited instead.
INTERPRETATION_FORM_FIELDS = (*FORM_FIELDS[1:], "interpretation_form", "interpreted_on")


def _fields_for(doc: Document | None) -> tuple[str, ...]:
    return INTERPRETATION_FORM_FIELDS if doc is not None and doc.interprets_id else FORM_FIELDS + POLICY_FIELDS


def _form_data(request, fields=FORM_FIELDS + POLICY_FIELDS) -> dict:
    data = {k: request.POST.get(k, "") for k in fields if k in request.POST}
    if data.get("needs_interpretation") == "":  # "as the column says" (a new draft) or unchanged
        del data["needs_interpretation"]
    return data


def _values(doc: Document) -> dict:
    values = {k: getattr(doc, k) for k in _fields_for(doc) if k not in ("column", *POLICY_FIELDS)}
    if not doc.interprets_id:
        values["column"] = doc.column.code
        values["needs_interpretation"] = "true" if doc.needs_interpretation else "false"
        values["service_items"] = " ".join(doc.service_items.values_list("code", flat=True))
    return values


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk: int | None = None):
    """A new draft, or a draft's changes (the form keeps what was typed when a field is refused)."""
    _staff(request)
    doc = _visible(request, pk) if pk else None
    columns = [c for c in selectors.column_list_visible_to(user=request.user) if rules.may_draft(request.user, c)]
    errors, summary, status = {}, [], 200
    values = _values(doc) if doc else {}
    if request.method == "POST":
        values = _form_data(request, _fields_for(doc))
        files = request.FILES.getlist("attachments")
        try:
            if doc is None:
                doc = services.document_draft(data=values, actor=request.user, now=timezone.now(), files=files)
            else:
                services.document_update(document=doc, data=values, actor=request.user, now=timezone.now(),
                                         files=files)
            return redirect("directory:detail", pk=doc.pk)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            errors, summary = field_errors(exc)
            status = 403 if exc.status == 403 else 400
    return render(request, "directory/staff_form.html", {
        "doc": doc, "columns": columns, "values": values, "errors": errors, "summary": summary,
        "validities": Document.Validity.choices, "forms": Document.InterpretationForm.choices,
        "interpretation": doc is not None and doc.interprets_id is not None}, status=status)


def _detail_context(request, doc: Document, **extra) -> dict:
    user, column = request.user, rules.unit_column(doc)
    return {"doc": doc, "events": doc.events.select_related("actor"), "attachments": doc.attachments.all(),
            "interpretations": selectors.interpretation_list(policy=doc) if not doc.interprets_id else [],
            "forms": Document.InterpretationForm.choices, "interp_labels": INTERP_LABELS,
            "may_draft": rules.may_draft(user, column), "may_review": rules.may_review(user, column),
            "may_sign_off": rules.may_sign_off(user, column), "validities": Document.Validity.choices,
            "errors": {}, "summary": [], **extra}


@login_required
@require_safe
def staff_detail(request, pk: int):
    _staff(request)
    doc = _visible(request, pk)
    return render(request, "directory/staff_detail.html", _detail_context(request, doc))


ACTIONS = {
    "submit": lambda doc, p, **kw: services.document_submit(document=doc, **kw),
    "review": lambda doc, p, **kw: services.document_review(document=doc, decision=p.get("decision", ""),
                                                           opinion=p.get("opinion", ""), **kw),
    "sign_off": lambda doc, p, **kw: services.document_sign_off(document=doc, decision=p.get("decision", ""),
                                                               opinion=p.get("opinion", ""), **kw),
    "withdraw": lambda doc, p, **kw: services.document_withdraw(document=doc, reason=p.get("reason", ""), **kw),
    "correct": lambda doc, p, **kw: services.document_correct(
        document=doc, reason=p.get("reason", ""),
        data={k: p[k] for k in (*FORM_FIELDS, *INTERPRETATION_FORM_FIELDS) if k in p and k != "column"}, **kw),
}


INTERP_LABELS = (("title", gettext_lazy("解读标题")), ("interpretation_form", gettext_lazy("解读形式")),
                 ("interpreted_on", gettext_lazy("解读日期")), ("body", gettext_lazy("解读内容")),
                 ("attachments", gettext_lazy("附件（图解、视频必传）")))


def _interpret(doc, request, **kw):
    data = {k: request.POST[k] for k in ("title", "interpretation_form", "interpreted_on", "body")
            if k in request.POST}
    return services.interpretation_draft(policy=doc, data=data, files=request.FILES.getlist("attachments"), **kw)


@login_required
@require_POST
def staff_action(request, pk: int, action: str):
    _staff(request)
    doc = _visible(request, pk)
    if action not in ACTIONS and action != "interpret":
        raise Http404
    try:
        if action == "interpret":
            made = _interpret(doc, request, actor=request.user, now=timezone.now())
            return redirect("directory:detail", pk=made.pk)
        ACTIONS[action](doc, request.POST, actor=request.user, now=timezone.now())
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        errors, summary = field_errors(exc)
        return render(request, "directory/staff_detail.html",
                      _detail_context(request, _visible(request, pk),
                                      errors=errors, summary=summary, action=action),
                      status=exc.status)
    return redirect("directory:detail", pk=doc.pk)
