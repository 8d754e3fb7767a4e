"""Reads for the supervision dashboard (监察看板): the filters a supervisor bookmarks, live counts of
open cases by the state of their promised clock, the case lists (one row per case, its open steps
beneath) and the case drill-down. Counts and lists are SQL (annotate/aggregate) over one shared
queryset, so a tile and the list below it always count the same cases. Charts: dashboard_charts.py.

A case's state is its promised clock's state (green, yellow, red, suspended); "statutory breach"
is an open case whose statutory clock passed its limit. Filters:
- department: the case's responsible department (its promised clock's, i.e. the item's), or the
  department of one of its open steps (a joint review);
- item, centre (Case.service_centre), step (a step type the case is at now);
- from/to: for the lists, the acceptance date (the day the promised clock started); for the
  charts, the date each figure is about (filed, completed, card issued).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from backend.accounts.models import Department, ServiceCentre, User
from backend.cases.models import Case
from backend.catalog.models import ProcessStep, ServiceItem
from backend.common.errors import DomainError, FieldError
from backend.common.validators import parse_day
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from . import notifications, selectors
from .models import Card, Clock, ClockEntry

LIST_STATES = ("yellow", "red", "suspended", "breach")
DEFAULT_STATE = "red"
FILTER_FIELDS = ("department", "item", "centre", "step", "from", "to")


@dataclass(frozen=True)
class Filters:
    """Validated dashboard filters; `params` are the raw values as the query string carries them."""

    department: Department | None = None
    item: ServiceItem | None = None
    centre: ServiceCentre | None = None
    step: str = ""
    date_from: date | None = None
    date_to: date | None = None
    params: dict = field(default_factory=dict)

    def query(self, **override) -> dict:
        """The query-string parameters of this filtered view, with `override` applied (None drops)."""
        out = {k: v for k, v in self.params.items() if v}
        for key, value in override.items():
            if value in (None, ""):
                out.pop(key, None)
            else:
                out[key] = value
        return dict(sorted(out.items()))


def _field_label(name: str) -> str:
    return {"department": _("部门"), "item": _("事项"), "centre": _("服务中心"), "step": _("环节类型"),
            "from": _("起始日期"), "to": _("截止日期"), "state": _("列表")}[name]


def filters_parse(params) -> Filters:
    """The filters from a query string. Every bad value is reported at once, each naming its field
    (DomainError, 400); an empty value means no filter."""
    raw = {name: (params.get(name) or "").strip() for name in FILTER_FIELDS}
    errors: list[FieldError] = []

    def lookup(name, model):
        code = raw[name]
        if not code:
            return None
        found = model.objects.filter(code=code).first()
        if found is None:
            errors.append(FieldError(name, "unknown", _("“%(field)s”中没有代码为 %(code)s 的选项，请从列表中选择。")
                                     % {"field": _field_label(name), "code": code[:40]}))
        return found

    department = lookup("department", Department)
    item = lookup("item", ServiceItem)
    centre = lookup("centre", ServiceCentre)
    if raw["step"] and raw["step"] not in ProcessStep.Step.values:
        errors.append(FieldError("step", "invalid", _("“%(field)s”不是已知的环节类型，请从列表中选择。")
                                 % {"field": _field_label("step")}))
    days = {}
    for name in ("from", "to"):
        days[name] = parse_day(raw[name]) if raw[name] else None
        if raw[name] and days[name] is None:
            errors.append(FieldError(name, "invalid", _("“%(field)s”应写作 YYYY-MM-DD 的日期，例如 2026-10-01。")
                                     % {"field": _field_label(name)}))
    if days["from"] and days["to"] and days["from"] > days["to"]:
        errors.append(FieldError("to", "before_from", _("“%(to)s”不能早于“%(from)s”。")
                                 % {"to": _field_label("to"), "from": _field_label("from")}))
    if errors:
        raise DomainError(errors)
    return Filters(department=department, item=item, centre=centre, step=raw["step"] if raw["step"] else "",
                   date_from=days["from"], date_to=days["to"], params=raw)


def state_parse(value: str | None) -> str:
    value = (value or "").strip() or DEFAULT_STATE
    if value not in LIST_STATES:
        raise DomainError.single("state", "invalid", _("“%(field)s”应为 yellow、red、suspended 或 breach。")
                                 % {"field": _field_label("state")})
    return value


# -- the shared queryset -----------------------------------------------------------------------------
def _open_steps(case_ref: str = "case_id") -> QuerySet[Clock]:
    return Clock.objects.filter(case_id=OuterRef(case_ref), kind=Clock.Kind.STEP, completed_at__isnull=True)


def open_case_clocks(*, user, filters: Filters) -> QuerySet[Clock]:
    """The promised clocks of open cases matching the filters (one per case), with a `breach` flag
    (the case's statutory clock passed its limit) and the statutory deadline."""
    selectors.clock_list_visible_to(user=user)  # the permission check (403 for anyone else)
    statutory = Clock.objects.filter(case_id=OuterRef("case_id"), kind=Clock.Kind.STATUTORY).order_by()
    qs = (Clock.objects.filter(kind=Clock.Kind.PROMISED, completed_at__isnull=True)
          .annotate(breach=Exists(statutory.filter(statutory_breach=True)),
                    statutory_deadline=Subquery(statutory.values("projected_deadline")[:1])))
    f = filters
    if f.department is not None:
        qs = qs.filter(Q(department=f.department) | Exists(_open_steps().filter(department=f.department)))
    if f.item is not None:
        qs = qs.filter(case__item=f.item)
    if f.centre is not None:
        qs = qs.filter(case__service_centre=f.centre)
    if f.step:
        qs = qs.filter(Exists(_open_steps().filter(step=f.step)))
    if f.date_from is not None:
        qs = qs.filter(start_date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(start_date__lte=f.date_to)
    return qs


def _in_state(qs: QuerySet[Clock], state: str) -> QuerySet[Clock]:
    return qs.filter(breach=True) if state == "breach" else qs.filter(state=state)


def case_counts(*, user, filters: Filters) -> dict:
    """Open cases in all and by state, in one aggregate over the list's own queryset."""
    qs = open_case_clocks(user=user, filters=filters).order_by()
    states = (Clock.State.GREEN, Clock.State.YELLOW, Clock.State.RED, Clock.State.SUSPENDED)
    figures = qs.aggregate(n_open=Count("id"), n_breach=Count("id", filter=Q(breach=True)),
                           **{f"n_{s}": Count("id", filter=Q(state=s)) for s in states})
    return {key.removeprefix("n_"): value or 0 for key, value in figures.items()}


def case_list(*, user, filters: Filters, state: str) -> QuerySet[Clock]:
    """The list of one state: promised clocks (one per case), most urgent deadline first."""
    return (_in_state(open_case_clocks(user=user, filters=filters), state)
            .select_related("case__item", "case__service_centre", "department")
            .order_by("projected_deadline", "case_id"))


def _people(user_ids) -> dict[int, User]:
    ids = {i for i in user_ids if i is not None}
    return User.objects.in_bulk(ids) if ids else {}


def _step_rows(step_clocks: list[Clock]) -> list[dict]:
    """Step clocks with the holder of their task (viewflow Task.owner) and its role: two queries."""
    tasks = notifications.step_tasks(c.task_id for c in step_clocks)
    people = _people(owner for owner, _role in tasks.values())
    rows = []
    for clock in step_clocks:
        owner_id, role = tasks.get(clock.task_id, (None, ""))
        rows.append({"clock": clock, "step": clock.step, "department": clock.department,
                     "owner": people.get(owner_id), "role": role, "state": clock.state,
                     "deadline": clock.projected_deadline, "provisional": clock.deadline_provisional})
    return rows


def case_rows(case_clocks) -> list[dict]:
    """The rows of one list page, each with the case's open steps (the responsible department and
    person now) beneath: three queries whatever the page length."""
    case_clocks = list(case_clocks)
    steps = list(Clock.objects.filter(case_id__in=[c.case_id for c in case_clocks], kind=Clock.Kind.STEP,
                                      completed_at__isnull=True).select_related("department").order_by("case_id", "pk"))
    by_case: dict[int, list[dict]] = {}
    for row in _step_rows(steps):
        by_case.setdefault(row["clock"].case_id, []).append(row)
    return [{"clock": c, "case": c.case, "steps": by_case.get(c.case_id, [])} for c in case_clocks]


# -- the case drill-down -------------------------------------------------------------------------------
def _entry_row(entry: ClockEntry, *, calendar, today: date) -> dict:
    """A ledger row as recorded, with the working days a suspension stops the clock for: the same
    count the ledger uses (ledger.project: working days d with start < d ≤ end, or up to today)."""
    suspended = None
    if entry.kind == ClockEntry.Kind.SUSPENSION and calendar is not None:
        end = entry.end_date or max(today, entry.start_date)
        try:
            suspended = calendar.working_days_between(entry.start_date, end)
        except CalendarNotCovered:
            suspended = None
    return {"entry": entry, "clock": entry.clock, "suspended_days": suspended}


def case_drilldown(*, user, case: Case, today: date) -> dict:
    """Everything a supervisor audits on one case: the promised and statutory clocks with their
    derivation, each step's working days used against its budget and its holder, every suspension
    and extension of any clock, and every card. Figures come from selectors (the ledger), never
    recomputed here."""
    selectors.clock_list_visible_to(user=user)
    summary = selectors.case_clock_summary(case, today)
    clocks = list(Clock.objects.filter(case=case).select_related("department")
                  .prefetch_related("entries").order_by("pk"))
    try:
        calendar = refresh_if_stale()
    except CalendarNotCovered:
        calendar = None
    by_kind = {c.kind: c for c in clocks if c.kind != Clock.Kind.STEP}
    case_clocks = []
    for kind in (Clock.Kind.PROMISED, Clock.Kind.STATUTORY):
        clock = by_kind.get(kind)
        if clock is None:
            continue
        figures = (selectors.clock_figures(clock, calendar=calendar, today=today) if calendar is not None
                   else {"projected_deadline": clock.projected_deadline, "used_working_days": None,
                         "remaining_working_days": None, "explanation": "", "deadline_provisional": False})
        case_clocks.append({"clock": clock, **figures})
    step_clocks = [c for c in clocks if c.kind == Clock.Kind.STEP]
    steps = _step_rows(step_clocks)
    for row in steps:
        figures = (selectors.clock_figures(row["clock"], calendar=calendar, today=today) if calendar is not None
                   else {})
        row.update(budget_days=row["clock"].budget_days, used=figures.get("used_working_days"),
                   remaining=figures.get("remaining_working_days"),
                   deadline=figures.get("projected_deadline", row["deadline"]),
                   over_budget=(figures.get("used_working_days") or 0) > row["clock"].budget_days)
    entries = (ClockEntry.objects.filter(clock__case=case).select_related("clock", "actor", "approved_by")
               .order_by("start_date", "pk"))
    cards = (Card.objects.filter(case=case).select_related("clock", "department", "responsible", "rule")
             .order_by("at", "pk"))
    return {
        "summary": summary,
        "clocks": case_clocks,
        "steps": steps,
        "entries": [_entry_row(e, calendar=calendar, today=today) for e in entries],
        "cards": list(cards),
    }


def filter_choices() -> dict:
    """What the filter form offers (small tables: departments, items, centres, step types)."""
    return {
        "departments": list(Department.objects.order_by("name").values_list("code", "name")),
        "items": list(ServiceItem.objects.order_by("code").values_list("code", "name")),
        "centres": list(ServiceCentre.objects.order_by("name").values_list("code", "name")),
        "steps": [(value, str(label)) for value, label in ProcessStep.Step.choices],
    }
