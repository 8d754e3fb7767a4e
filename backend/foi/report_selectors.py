"""Reads for the annual report: the counts (SQL aggregations, one GROUP BY each), who may do what,
the reports visible to staff, the published ones, and the document as pages, Excel and the public
site show it."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.accounts.models import Department
from backend.common.errors import DomainError, NotFound
from backend.disclosure.models import Publication
from backend.disclosure.selectors import publication_get_public, publications_public

from . import report
from .models import InfoRequest
from .models_report import AnnualReport

# --- who may ------------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return _active(user) and bool(user.is_superuser or user.has_role(roles.ADMIN))


def can_edit(user) -> bool:
    """The disclosure office (政务公开办): administrators, and staff given the permission
    foi.change_annualreport (e.g. through a 政务公开 group)."""
    return _active(user) and (is_admin(user) or user.has_perm("foi.change_annualreport"))


def county_signer():
    """Who signs the county's report: the user named by FOI_REPORT_SIGNER_USERNAME, else the head of
    the department whose code is FOI_OFFICE_DEPARTMENT_CODE (the county disclosure office); None when
    neither is configured (then administrators sign)."""
    users = get_user_model().objects.filter(is_active=True)
    username = settings.FOI_REPORT_SIGNER_USERNAME
    if username:
        user = users.filter(username=username).first()
        if user is not None:
            return user
    code = settings.FOI_OFFICE_DEPARTMENT_CODE
    office = Department.objects.filter(code=code).select_related("head").first() if code else None
    return office.head if office is not None and office.head and office.head.is_active else None


def signer_for(rep: AnnualReport):
    """The head of the organ (its Department.head) for an organ's report; the office head for the
    county's; None: no one named, administrators sign."""
    if rep.organ_id:
        head = rep.organ.head
        return head if head is not None and head.is_active else None
    return county_signer()


def can_sign_off(user, rep: AnnualReport) -> bool:
    if not _active(user):
        return False
    signer = signer_for(rep)
    if signer is not None:
        return user.pk == signer.pk
    return is_admin(user) or user.has_perm("foi.sign_off_annualreport")


def can_publish(user, rep: AnnualReport) -> bool:
    """The disclosure office, or the head who signed."""
    return can_edit(user) or can_sign_off(user, rep)


def can_view(user) -> bool:
    """Editors, supervisors (who read everything) and the heads who sign."""
    if not _active(user):
        return False
    if can_edit(user) or user.has_role(roles.SUPERVISOR) or user.has_perm("foi.sign_off_annualreport"):
        return True
    signer = county_signer()
    return (signer is not None and signer.pk == user.pk) or user.headed_departments.exists()


def require(check: bool, message) -> None:
    if not check:
        raise DomainError.single(None, "forbidden", message, status=403)


# --- counting -----------------------------------------------------------------------------------

def year_bounds(year: int) -> tuple[datetime, datetime]:
    """[1 January 00:00, next 1 January 00:00) in the site's time zone."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    return start, timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))


def _column_expr():
    return Case(When(case__applicant_type="person", then=Value(report.NATURAL)),
                *(When(organisation_kind=kind, then=Value(kind)) for kind in report.ORGANISATION_COLUMNS),
                default=Value("other"), output_field=CharField())


def _row_expr():
    whens = []
    for row, types, grounds in report.RESULT_RULES:
        condition = Q(reply_type__in=types)
        if grounds is not None:
            condition &= Q(reply_ground__in=grounds)
        whens.append(When(condition, then=Value(row)))
    return Case(*whens, default=Value(report.UNCLASSIFIED), output_field=CharField())


def _requests(organ: Department | None) -> QuerySet[InfoRequest]:
    qs = InfoRequest.objects.all()
    return qs.filter(organ=organ) if organ is not None else qs


def request_counts(*, year: int, organ: Department | None = None) -> tuple[dict, int]:
    """表三's counted rows {row: {column: n}} and the number of requests done in the year that no
    row takes (shown as a warning; they make the 勾稽关系 fail, as they should).

    A request is done when its reply is given (replied_at; closed_at for one closed without a reply
    record), counted in the year that happens. Two queries: the results grouped by applicant
    column × result row, and the flow rows grouped by applicant column."""
    start, end = year_bounds(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    qs = _requests(organ).annotate(done_at=Coalesce("replied_at", "closed_at"), column=_column_expr())
    counted: dict[str, dict[str, int]] = {}
    unclassified = 0
    results = (qs.filter(done_at__gte=start, done_at__lt=end).annotate(row=_row_expr())
               .values("column", "row").annotate(n=Count("id")).order_by())
    for entry in results:
        if entry["row"] == report.UNCLASSIFIED:
            unclassified += entry["n"]
        counted.setdefault(entry["row"], {})[entry["column"]] = entry["n"]
    not_done_by = lambda moment: Q(done_at__isnull=True) | Q(done_at__gte=moment)  # noqa: E731
    flows = qs.values("column").annotate(
        new=Count("id", filter=Q(received_on__range=(first, last))),
        carried_in=Count("id", filter=Q(received_on__lt=first) & not_done_by(start)),
        carried_out=Count("id", filter=Q(received_on__lte=last) & not_done_by(end)),
    ).order_by()
    for entry in flows:
        for row in ("new", "carried_in", "carried_out"):
            counted.setdefault(row, {})[entry["column"]] = entry[row]
    counted.pop(report.UNCLASSIFIED, None)
    return counted, unclassified


def licensing_count(*, year: int, organ: Department | None = None) -> int:
    """行政许可处理决定数量: the year's published results (current versions: a corrected result counts
    once, a withdrawn one not), by the publishing department when an organ is chosen."""
    qs = publications_public(kind=Publication.Kind.RESULT).filter(decided_on__year=year)
    if organ is not None:
        qs = qs.filter(department_code=organ.code)
    return qs.count()


# --- reading reports ----------------------------------------------------------------------------

def report_list_visible_to(*, user) -> QuerySet[AnnualReport]:
    require(can_view(user), _("只有政务公开工作人员、机关负责人和管理员可以查看年度报告。"))
    return AnnualReport.objects.select_related("organ", "signed_off_by").order_by("-year", "organ__code")


def report_get_visible(*, user, report_id: int) -> AnnualReport:
    require(can_view(user), _("只有政务公开工作人员、机关负责人和管理员可以查看年度报告。"))
    rep = AnnualReport.objects.select_related("organ__head", "signed_off_by").filter(pk=report_id).first()
    if rep is None:
        raise NotFound(_("没有这份年度报告。"))
    return rep


def report_of(*, year: int, organ: Department | None) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year, organ=organ).first()


def organ_get(code: str) -> Department | None:
    """'' → None (the whole county); an unknown code is a 400."""
    if not code:
        return None
    organ = Department.objects.filter(code=code).first()
    if organ is None:
        raise DomainError.single("organ", "unknown", _("没有这个机关。"))
    return organ


def published_list() -> QuerySet[Publication]:
    return publications_public(kind=Publication.Kind.FOI_REPORT).order_by("-decided_on", "department_code", "-id")


def published_get(subject: str) -> Publication | None:
    return publication_get_public(kind=Publication.Kind.FOI_REPORT, subject=subject)


def publication_of(rep: AnnualReport) -> Publication | None:
    return published_get(rep.subject)


def due_for(rep: AnnualReport | None, *, year: int, now: datetime) -> report.Due:
    first = timezone.localdate(rep.first_published_at) if rep is not None and rep.first_published_at else None
    return report.due_state(year, today=timezone.localdate(now), published_on=first)


# --- the document -------------------------------------------------------------------------------

def report_title(year: int, organ: Department | None) -> str:
    who = organ.name if organ is not None else _("全县")
    return _("%(who)s%(year)d年政府信息公开工作年度报告") % {"who": who, "year": year}


def _local(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def report_document(rep: AnnualReport) -> dict:
    """The report as shown, downloaded, signed (digest) and published: plain JSON, labels in the
    site's language, the computed totals filled in."""
    with translation.override(settings.LANGUAGE_CODE):
        table = report.complete_table(rep.requests_table or {})
        checks = [c.as_dict() for c in report.table_checks(table)]
        doc = {
            "subject": rep.subject,
            "year": rep.year,
            "title": report_title(rep.year, rep.organ),
            "organ": {"code": rep.organ.code, "name": rep.organ.name} if rep.organ_id else {},
            "revision": rep.revision,
            "correction_reason": rep.correction_reason,
            "overview": rep.overview,
            "proactive": report.proactive_table(rep.proactive, licensing=rep.licensing_decisions),
            "requests": {
                "columns": [{"key": c, "label": str(report.COLUMN_LABELS[c])} for c in (*report.COLUMNS, "total")],
                "rows": [{"key": key, "label": str(label), "level": level, "values": table[key],
                          "cells": [table[key][c] for c in (*report.COLUMNS, "total")]}
                         for key, label, level in report.ROWS],
                "checks": checks,
                "unclassified": rep.unclassified,
            },
            "review": report.review_table(rep.review),
            "problems": rep.problems,
            "other_matters": rep.other_matters,
            "computed_at": _local(rep.computed_at),
            "signer": {"name": rep.signer_name, "title": rep.signer_title} if rep.signer_name else {},
            "signed_off_at": _local(rep.signed_off_at),
        }
    return doc


def checks_hold(doc: dict) -> bool:
    return all(c["holds"] for c in doc["requests"]["checks"]) and not doc["requests"]["unclassified"]
