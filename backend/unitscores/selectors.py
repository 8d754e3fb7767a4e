"""Reads for disclosure unit scores: periods, each unit's figures (SQL aggregates), the method in force,
who is the disclosure office and its head, what a user may see, what is public."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.accounts.models import Department, User
from backend.catalog.models import ServiceItem
from backend.common.errors import DomainError, NotFound
from backend.directory import rules as directory_rules
from backend.directory.models import Column
from backend.directory.selectors import office_code
from backend.disclosure.models import Publication
from backend.disclosure.selectors import publication_get_public, publications_public
from backend.inspection.models import Problem
from backend.supervision.models import Clock
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import core
from .models import DisclosureMethod, DisclosureScorecard

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    key: str  # "2026Q4" or "2026"
    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        if "Q" in self.key:
            year, quarter = self.key.split("Q")
            return _("%(y)s年第%(q)s季度") % {"y": year, "q": quarter}
        return _("%(y)s年度") % {"y": self.key}


def period_parse(value: str) -> Period:
    """'2026Q4' → 1 October–31 December 2026; '2026' → the year; anything else is a 400."""
    match = PERIOD_RE.match((value or "").strip().upper())
    # A year outside any plausible assessment (0000 has no calendar date) is the same 400, not a 500.
    if match is None or not 1900 <= int(match["year"]) <= 2999:
        raise DomainError.single("period", "invalid", _("请指定考评期：季度如 2026Q4，或年度如 2026。"))
    year = int(match["year"])
    if match["quarter"]:
        quarter = int(match["quarter"])
        start = date(year, 3 * quarter - 2, 1)
        end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        return Period(f"{year}Q{quarter}", start, end)
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment), timezone.get_current_timezone())


# --- figures ---------------------------------------------------------------------------------------

def _by_unit(qs, unit: str, **aggregates) -> dict[int, dict]:
    return {row.pop("unit"): row for row in qs.order_by().annotate(unit=F(unit)).values("unit")
            .annotate(**aggregates) if row["unit"] is not None}


def _column_freshness(*, reference: date) -> dict[int, dict]:
    """Per unit: its active dynamic columns (with a frequency) and how many were not overdue on
    `reference` (directory.rules.due_on from the last publication up to that day). A loop over
    columns, not cases: a county has some hundred columns."""
    calendar = refresh_if_stale()
    out: dict[int, dict] = {}
    qs = (Column.objects.filter(is_active=True, kind=Column.Kind.DYNAMIC, department__isnull=False,
                                update_every_days__isnull=False)
          .only("department_id", "update_every_days", "day_kind", "last_published_at"))
    for column in qs:
        last = timezone.localdate(column.last_published_at) if column.last_published_at else None
        if last is not None and last > reference:
            last = reference  # published after the period: it was current then only if it had been before
        try:
            due = directory_rules.due_on(last=last, every_days=column.update_every_days, day_kind=column.day_kind,
                                         calendar=calendar)
        except CalendarNotCovered:
            continue
        row = out.setdefault(column.department_id, {"dynamic_columns": 0, "dynamic_columns_fresh": 0})
        row["dynamic_columns"] += 1
        row["dynamic_columns_fresh"] += int(due is not None and due >= reference)
    return out


def unit_figures(*, period: Period, now: datetime) -> list[dict]:
    """One row per unit (department with an active catalogue column, or any figure in the period):
    the counts each indicator and veto is computed from. Problems count in the period they were
    opened (findings) or due (timeliness); letters and requests in the period their clock was due.
    Up to the end of the period, or today while it runs."""
    today = timezone.localdate(now)
    reference = min(period.ends_on, today)
    start, end = _aware(period.starts_on, time.min), _aware(period.ends_on, time.max)
    rows: dict[int, dict] = {}

    def merge(figures: dict[int, dict]) -> None:
        for unit, values in figures.items():
            rows.setdefault(unit, {}).update(values)

    merge(_by_unit(Column.objects.filter(is_active=True), "department_id", active_columns=Count("pk")))
    merge(_by_unit(Problem.objects.filter(source=Problem.Source.AUTOMATIC, opened_at__gte=start, opened_at__lte=end),
                   "department_id", automatic_problems=Count("pk"),
                   unmasked=Count("pk", filter=Q(check_code="unmasked_personal_data"))))
    merge(_by_unit(Problem.objects.filter(due_on__gte=period.starts_on, due_on__lte=reference), "department_id",
                   problems_due=Count("pk"),
                   problems_due_on_time=Count("pk", filter=Q(closed_at__isnull=False,
                                                             closed_at__date__lte=F("due_on")))))
    merge(_by_unit(Problem.objects.filter(source=Problem.Source.EXTERNAL, opened_at__gte=start, opened_at__lte=end),
                   "department_id", external_points_lost=Sum("score_lost")))
    clocks = (Clock.objects.filter(projected_deadline__gte=period.starts_on, projected_deadline__lte=reference)
              .annotate(unit_id=Coalesce("department_id", "case__item__department_id")))
    on_time = Q(completed_at__isnull=False, completed_at__date__lte=F("projected_deadline"), statutory_breach=False)
    merge(_by_unit(clocks.filter(kind=Clock.Kind.PROMISED, case__item__category=ServiceItem.Category.LETTER),
                   "unit_id", letters=Count("pk"), letters_replied=Count("pk", filter=Q(completed_at__isnull=False)),
                   letters_on_time=Count("pk", filter=on_time)))
    merge(_by_unit(clocks.filter(kind=Clock.Kind.STATUTORY,
                                 case__item__category=ServiceItem.Category.INFORMATION_REQUEST),
                   "unit_id", requests=Count("pk"), requests_on_time=Count("pk", filter=on_time),
                   past_statutory=Count("pk", filter=Q(statutory_breach=True) | Q(completed_at__isnull=True,
                                                                                   state=Clock.State.RED))))
    merge(_column_freshness(reference=reference))
    names = dict(Department.objects.filter(pk__in=rows).values_list("pk", "name"))
    codes = dict(Department.objects.filter(pk__in=rows).values_list("pk", "code"))
    out = []
    for unit in sorted(rows, key=lambda pk: codes.get(pk, "")):  # one row per unit, not per case
        values = rows[unit]
        lost = values.get("external_points_lost")
        out.append({
            "key": unit, "label": names.get(unit, ""), "code": codes.get(unit, ""),
            **{k: int(values.get(k) or 0) for k in (
                "active_columns", "automatic_problems", "problems_due", "problems_due_on_time", "dynamic_columns",
                "dynamic_columns_fresh", "letters", "letters_replied", "letters_on_time", "requests",
                "requests_on_time")},
            "external_points_lost": float(lost) if lost is not None else 0.0,
            "vetoes": {"unmasked_personal_data": int(values.get("unmasked") or 0),
                       "request_past_statutory": int(values.get("past_statutory") or 0)},
        })
    return out


# --- method ----------------------------------------------------------------------------------------

def method_current(*, now: datetime) -> DisclosureMethod | None:
    return (DisclosureMethod.objects.filter(published_at__isnull=False, published_at__lte=now)
            .order_by("-version").first())


def method_list_public(*, now: datetime) -> QuerySet[DisclosureMethod]:
    return DisclosureMethod.objects.filter(published_at__isnull=False, published_at__lte=now).order_by("-version")


# --- who -------------------------------------------------------------------------------------------

def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return _active(user) and bool(user.is_superuser or user.has_role(roles.ADMIN))


def is_office(user) -> bool:
    """The disclosure office (DIRECTORY_OFFICE_DEPARTMENT_CODE, else FOI_OFFICE_DEPARTMENT_CODE) and
    administrators: they compute and see every unit's row."""
    if not _active(user):
        return False
    if is_admin(user):
        return True
    code = office_code()
    return bool(code) and user.departments.filter(code=code).exists()


def office_head() -> User | None:
    """The head (Department.head) of the disclosure office's department, if both are configured."""
    code = office_code()
    if not code:
        return None
    return User.objects.filter(headed_departments__code=code, is_active=True).first()


def is_office_head(user) -> bool:
    """The disclosure office's head (Department.head of the office's department) signs off and
    publishes; no office or no head configured, any administrator."""
    if not _active(user):
        return False
    head = office_head()
    if head is not None:
        return user.pk == head.pk
    return is_admin(user)


def may_view(user) -> bool:
    return is_office(user) or (_active(user) and bool(user.department_ids))


def _require_view(user) -> None:
    if not may_view(user):
        raise DomainError.single(None, "forbidden", _("只有政务公开办公室和各单位工作人员可以查看量化考评。"),
                                 status=403)


def scorecard_list_visible_to(*, user) -> QuerySet[DisclosureScorecard]:
    _require_view(user)
    return DisclosureScorecard.objects.select_related("method").order_by("-starts_on", "-period")


def scorecard_get_visible(*, user, period: Period) -> DisclosureScorecard:
    _require_view(user)
    scorecard = DisclosureScorecard.objects.select_related("method").filter(period=period.key).first()
    if scorecard is None:
        raise NotFound(_("%(period)s 尚未计算政务公开量化考评。") % {"period": period.key})
    return scorecard


def rows_visible_to(*, user, scorecard: DisclosureScorecard) -> list[dict]:
    """The office sees every row; a unit's staff see only their own units' rows."""
    if is_office(user):
        return list(scorecard.computed_rows)
    mine = set(user.department_ids) if _active(user) else set()
    return [row for row in scorecard.computed_rows if row.get("key") in mine]


# --- public ----------------------------------------------------------------------------------------

def ranking_list_public() -> QuerySet[Publication]:
    return publications_public(kind=Publication.Kind.UNIT_SCORE).order_by("-decided_on", "-id")


def ranking_get_public(*, period: str) -> Publication | None:
    return publication_get_public(kind=Publication.Kind.UNIT_SCORE, subject=period)


def local_iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def document(scorecard: DisclosureScorecard) -> dict:
    """The circular and ranking as rendered (page, PDF) and published: units only, never a person."""
    period = period_parse(scorecard.period)
    return {
        "subject": scorecard.period, "period": scorecard.period, "period_label": period.label,
        "title": scorecard.title, "department": {}, "dated_on": (scorecard.signed_off_at and timezone.localdate(
            scorecard.signed_off_at) or scorecard.ends_on).isoformat(),
        "path": f"/public/disclosure-scores/{scorecard.period}/",
        "search_text": "\n".join([scorecard.title, *(row["label"] for row in scorecard.computed_rows)]),
        "method_version": scorecard.method_version,
        "indicator_labels": {name: str(core.INDICATORS.get(name, name)) for name in scorecard.method.indicators},
        "computed_at": local_iso(scorecard.computed_at), "signed_off_at": local_iso(scorecard.signed_off_at),
        "digest": scorecard.digest, "ranking": scorecard.computed_rows,
        "commended": scorecard.circular.get("commended", []), "criticised": scorecard.circular.get("criticised", []),
        "figures": scorecard.input_rows,
        "language": settings.LANGUAGE_CODE,
    }
