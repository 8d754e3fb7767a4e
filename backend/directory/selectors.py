"""Reads of the catalogue. Staff see the columns of their units and those columns' documents; the
county disclosure office, supervisors and administrators see all. The public reads only the
disclosure app's Publication rows of kind "document" (masked when built), filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.common.errors import NotFound
from backend.disclosure.models import Publication
from backend.disclosure.selectors import publication_get_public, publications_public
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import rules
from .models import Column, Document


def office_code() -> str:
    """The county disclosure office (政务公开办公室): the department whose code is configured."""
    return settings.DIRECTORY_OFFICE_DEPARTMENT_CODE or settings.FOI_OFFICE_DEPARTMENT_CODE


def sees_all(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.has_role(roles.SUPERVISOR) or user.has_role(roles.ADMIN):
        return True
    code = office_code()
    return bool(code) and user.departments.filter(code=code).exists()


def column_list_visible_to(*, user) -> QuerySet[Column]:
    qs = Column.objects.select_related("department__head", "owner", "parent")
    if sees_all(user):
        return qs
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    return qs.filter(Q(department_id__in=list(user.department_ids)) | Q(department__head=user))


def document_list_visible_to(*, user) -> QuerySet[Document]:
    """The documents of the columns the caller sees, and the interpretations of those documents
    (an interpretation answers to its policy's unit, whichever column it is published in)."""
    columns = column_list_visible_to(user=user).values("pk")
    return (Document.objects.select_related("column__department__head", "created_by", "reviewed_by",
                                            "signed_off_by", "interprets__column__department")
            .filter(Q(column_id__in=columns) | Q(interprets__column_id__in=columns)))


def interpretation_list(*, policy: Document) -> QuerySet[Document]:
    """A policy's interpretations, by date (the caller already sees the policy, so sees them)."""
    return (Document.objects.select_related("column", "created_by", "reviewed_by", "signed_off_by", "interprets")
            .prefetch_related("service_items").filter(interprets=policy).order_by("interpreted_on", "id"))


def document_get_visible(*, pk: int, user) -> Document:
    doc = document_list_visible_to(user=user).filter(pk=pk).first()
    if doc is None:
        raise NotFound(_("文件不存在。"))
    return doc


def document_filter(qs: QuerySet[Document], *, status: str = "", column: str = "", search: str = ""):
    if status:
        qs = qs.filter(status=status)
    if column:
        qs = qs.filter(column__code=column)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(doc_number__icontains=search))
    return qs


# -- the public ------------------------------------------------------------------------------------
def documents_public() -> QuerySet[Publication]:
    return publications_public(kind=Publication.Kind.DOCUMENT)


def document_list_public(*, column: str = "", validity: str = "", topic: str = "",
                         search: str = "") -> QuerySet[Publication]:
    """Current documents, newest first; `search` over title, 文号 and body (the publication's search
    text, built from them), all in SQL."""
    qs = documents_public().order_by("-decided_on", "-id")
    if column:
        qs = qs.filter(payload__column__code=column)
    if validity:
        qs = qs.filter(payload__validity=validity)
    if topic:
        qs = qs.filter(payload__topic=topic)
    if search:
        qs = qs.filter(search_text__icontains=search)
    return qs


def document_get_public(*, subject: str) -> Publication | None:
    return publication_get_public(kind=Publication.Kind.DOCUMENT, subject=subject)


def interpretations_public(*, subjects) -> dict[str, list[dict]]:
    """Per policy subject: its public interpretations (title, form, date, link), read from their
    own publications (so an interpretation published after its policy is listed too); one query."""
    subjects = list(subjects)
    out: dict[str, list[dict]] = {s: [] for s in subjects}
    if not subjects:
        return out
    # OR of exact key lookups: a key transform's `__in` reads its values as JSON (SQLite refuses text)
    match = Q()
    for subject in subjects:
        match |= Q(payload__interprets__subject=subject)
    qs = (documents_public().filter(match)
          .annotate(policy=KT("payload__interprets__subject"), on=KT("payload__interpreted_on")).order_by("on", "id"))
    for pub in qs:
        p = pub.payload
        out[pub.policy].append({"subject": pub.subject, "title": pub.title, "form": p.get("interpretation_form", ""),
                                "form_label": p.get("interpretation_form_label", ""),
                                "interpreted_on": p.get("interpreted_on", ""), "path": p.get("path", ""),
                                "status": pub.status})
    return out


def topics_public(*, column: str = "") -> list[str]:
    qs = documents_public()
    if column:
        qs = qs.filter(payload__column__code=column)
    return [t for t in qs.annotate(t=KT("payload__topic")).values_list("t", flat=True).distinct().order_by("t") if t]


def column_counts() -> dict[str, dict]:
    """Per column code: how many documents are public and when the newest was published (one query)."""
    rows = (documents_public().annotate(code=KT("payload__column__code")).values("code")
            .annotate(n=Count("id"), last=Max("published_at")))
    return {row["code"]: {"count": row["n"], "last": row["last"]} for row in rows}


@dataclass
class ColumnNode:
    column: Column
    count: int = 0
    last: datetime | None = None
    due_on: date | None = None
    children: list = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < timezone.localdate()


def column_due_on(column: Column) -> date | None:
    last = timezone.localdate(column.last_published_at) if column.last_published_at else None
    try:
        return rules.due_on(last=last, every_days=column.update_every_days, day_kind=column.day_kind,
                            calendar=refresh_if_stale())
    except CalendarNotCovered:
        return None


def column_tree(*, active_only: bool = True) -> list[ColumnNode]:
    """The columns as a tree (two queries: the columns, the public counts), each node with its public
    count, last update and the day its next update is due."""
    qs = Column.objects.select_related("department", "owner").order_by("position", "code")
    if active_only:
        qs = qs.filter(is_active=True)
    counts = column_counts()
    nodes = {c.pk: ColumnNode(column=c, count=counts.get(c.code, {}).get("count", 0),
                              last=counts.get(c.code, {}).get("last"), due_on=column_due_on(c)) for c in qs}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.column.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def column_get_public(*, code: str) -> Column | None:
    return Column.objects.filter(code=code, is_active=True).select_related("department", "parent").first()


def related_policies(item_code: str) -> list[dict]:
    """相关政策 on a service item's guide pages (registered with backend.catalog.related): the public
    policies linked to the item, each with its public interpretations. Reads the publications."""
    keys = [f"doc-{pk}" for pk in Document.objects.filter(service_items__code=item_code, interprets__isnull=True)
            .values_list("pk", flat=True)]
    pubs = list(documents_public().filter(subject__in=keys).order_by("-decided_on", "-id"))
    if not pubs:
        return []
    interpretations = interpretations_public(subjects=[p.subject for p in pubs])
    entries = [{"title": p.title, "path": p.payload.get("path", ""), "note": p.payload.get("doc_number", ""),
                "children": [{"title": i["title"], "path": i["path"],
                              "note": "，".join(t for t in (i["form_label"], i["interpreted_on"]) if t)}
                             for i in interpretations[p.subject]]}
               for p in pubs]
    return [{"key": "policies", "title": _("相关政策"), "entries": entries}]
