"""Reads on clocks: who may see them, and the figures shown with a case."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from backend.accounts import roles
from backend.cases.models import Case
from backend.common.errors import DomainError
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar, refresh_if_stale

from . import ledger
from .derivation import clock_projection
from .models import Clock, ClockEntry, DeadlineChange

WARNING_STATES = {Clock.State.YELLOW, Clock.State.RED}


def can_supervise(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(roles.SUPERVISOR)
                                                    or user.has_role(roles.ADMIN)))


def clock_list_visible_to(*, user, state: str | None = None) -> QuerySet[Clock]:
    """Every clock, for supervisors and administrators only (others: 403)."""
    from django.utils.translation import gettext as _

    if not can_supervise(user):
        raise DomainError.single(None, "forbidden", _("只有监察人员和管理员可以查看计时监察。"), status=403)
    qs = Clock.objects.select_related("case__item", "department").prefetch_related("entries")
    if state:
        if state not in Clock.State.values:
            raise DomainError.single("state", "invalid", _("状态应为 green、yellow、red、suspended 或 completed。"))
        # Suspended: time stands still, whatever the state (an overdue clock stays red while suspended).
        qs = qs.filter(open_suspension_q()) if state == Clock.State.SUSPENDED else qs.filter(state=state)
    return qs.order_by("projected_deadline", "id")


def as_of(clock: Clock, today: date) -> date:
    """The day a clock's figures are measured on: today while it runs, its completion day after it
    stopped (a case finished on time stays on time; its used days do not keep growing)."""
    if clock.completed_at is not None:
        return min(today, ledger.local_date(clock.completed_at))
    return today


def clock_figures(clock: Clock, *, calendar: WorkingCalendar, today: date) -> dict:
    try:
        p = clock_projection(clock, calendar=calendar, today=as_of(clock, today))
    except CalendarNotCovered as exc:
        return {"projected_deadline": None, "used_working_days": None, "remaining_working_days": None,
                "explanation": str(exc), "deadline_provisional": False, "provisional_years": []}
    return {"projected_deadline": p.deadline, "used_working_days": p.used, "remaining_working_days": p.remaining,
            "explanation": p.explain(), "deadline_provisional": p.provisional,
            "provisional_years": list(p.provisional_years)}


def provisional_note(years) -> str:
    """What every provisional deadline says, wherever it is shown (DESIGN §3)."""
    from django.utils.translation import gettext as _

    if not years:
        return ""
    return _("按法定节假日暂定，国务院办公厅公布 %(years)s 年节假日安排后自动重算") % {
        "years": "、".join(str(y) for y in years)}


def deadline_change_reason(change: DeadlineChange) -> str:
    from django.utils.translation import gettext as _

    source = change.calendar_source or "—"
    if change.years:
        return _("国务院办公厅公布 %(years)s 年节假日安排后重算（日历版本 #%(n)s，%(source)s）") % {
            "years": "、".join(str(y) for y in change.years), "n": change.calendar_version, "source": source}
    if change.calendar_version:
        return _("工作日历调整后重算（日历版本 #%(n)s，%(source)s）") % {"n": change.calendar_version,
                                                                       "source": source}
    return _("工作日历调整后重算")


def deadline_changes(case: Case, kinds=(Clock.Kind.PROMISED, Clock.Kind.STATUTORY)) -> list[dict]:
    changes = DeadlineChange.objects.filter(case=case, clock__kind__in=kinds).select_related("clock")
    return [{"clock": c.clock.kind, "before": c.before, "after": c.after, "at": c.at,
             "reason": deadline_change_reason(c)} for c in changes.order_by("at", "pk")]


def _entry(e: ClockEntry) -> dict:
    common = {"reason": e.reason, "legal_basis": e.legal_basis, "start_date": e.start_date,
              "actor": e.actor.username if e.actor else None}
    if e.kind == ClockEntry.Kind.SUSPENSION:
        return {**common, "end_date": e.end_date, "procedure": e.procedure, "expected_days": e.expected_days,
                "approved_by": e.approved_by.username if e.approved_by else None}
    return {**common, "days": e.days, "approved_by": e.approved_by.username if e.approved_by else None}


def case_clock_summary(case: Case, today: date) -> dict | None:
    """The case's promised clock with its ledger, for GET /api/v1/cases/{number}/ ("clock").
    None before acceptance (the clock starts when the case is accepted)."""
    clocks = {c.kind: c for c in Clock.objects.filter(case=case, kind__in=[Clock.Kind.PROMISED,
                                                                           Clock.Kind.STATUTORY])
              .prefetch_related("entries__actor", "entries__approved_by")}
    promised = clocks.get(Clock.Kind.PROMISED)
    if promised is None:
        return None
    statutory = clocks.get(Clock.Kind.STATUTORY)
    calendar = refresh_if_stale()
    figures = clock_figures(promised, calendar=calendar, today=today)
    statutory_deadline, statutory_years = None, []
    if statutory is not None:
        statutory_figures = clock_figures(statutory, calendar=calendar, today=today)
        statutory_deadline, statutory_years = (statutory_figures["projected_deadline"],
                                               statutory_figures["provisional_years"])
    provisional_years = sorted(set(figures["provisional_years"]) | set(statutory_years))
    entries = sorted(promised.entries.all(), key=lambda e: (e.start_date, e.pk))
    steps = []
    step_clocks = (Clock.objects.filter(case=case, kind=Clock.Kind.STEP).select_related("department")
                   .prefetch_related("entries").order_by("pk"))  # one entries query, not one per step
    for clock in step_clocks:
        step_figures = clock_figures(clock, calendar=calendar, today=today)
        steps.append({
            "step": clock.step, "department": clock.department.name if clock.department else None,
            "state": clock.state, "budget_days": clock.budget_days, "start_date": clock.start_date,
            "deadline": step_figures["projected_deadline"], "used_working_days": step_figures["used_working_days"],
            "remaining_working_days": step_figures["remaining_working_days"],
            "deadline_provisional": step_figures["deadline_provisional"],
            "completed_at": clock.completed_at,
        })
    return {
        "state": promised.state,
        "is_suspended": any(e.kind == ClockEntry.Kind.SUSPENSION and e.end_date is None for e in entries),
        "promised_deadline": figures["projected_deadline"],
        "promised_deadline_told": promised.promised_deadline,
        "statutory_deadline": statutory_deadline,
        "used_working_days": figures["used_working_days"],
        "remaining_working_days": figures["remaining_working_days"],
        "suspensions": [_entry(e) for e in entries if e.kind == ClockEntry.Kind.SUSPENSION],
        "extensions": [_entry(e) for e in entries if e.kind == ClockEntry.Kind.EXTENSION],
        "explanation": figures["explanation"],
        "statutory_breach": bool(statutory and statutory.statutory_breach),
        "deadline_provisional": bool(provisional_years),
        "promised_deadline_provisional": figures["deadline_provisional"],
        "statutory_deadline_provisional": bool(statutory_years),
        "provisional_years": provisional_years,
        "deadline_note": provisional_note(provisional_years),
        "deadline_changes": deadline_changes(case),
        "steps": steps,
    }


def step_clock_used_days(case: Case, today: date) -> dict[int, int | None]:
    """Working days each step task's clock used (suspensions excluded; up to its end for a finished
    step), by task id: what the process diagram shows per step. Two queries, however many steps."""
    clocks = (Clock.objects.filter(case=case, kind=Clock.Kind.STEP, task_id__isnull=False)
              .only("task_id", "budget_days", "start_date", "completed_at").prefetch_related("entries"))
    calendar = refresh_if_stale()
    return {c.task_id: clock_figures(c, calendar=calendar, today=today)["used_working_days"] for c in clocks}


def case_clock_public(case: Case, today: date) -> dict | None:
    """What the applicant's tracking page says about time: the promise told at acceptance, the
    deadline as it stands, whether it is provisional, and every move with its reason. No names."""
    clocks = {c.kind: c for c in Clock.objects.filter(case=case, kind__in=[Clock.Kind.PROMISED,
                                                                           Clock.Kind.STATUTORY])
              .prefetch_related("entries")}
    promised = clocks.get(Clock.Kind.PROMISED)
    if promised is None:
        return None
    calendar = refresh_if_stale()
    figures = clock_figures(promised, calendar=calendar, today=today)
    statutory = clocks.get(Clock.Kind.STATUTORY)
    statutory_figures = clock_figures(statutory, calendar=calendar, today=today) if statutory else {}
    years = sorted(set(figures["provisional_years"]) | set(statutory_figures.get("provisional_years", [])))
    return {
        "state": promised.state,
        "promised_deadline_told": promised.promised_deadline,
        "promised_deadline": figures["projected_deadline"],
        "statutory_deadline": statutory_figures.get("projected_deadline"),
        "deadline_provisional": bool(years),
        "promised_deadline_provisional": figures["deadline_provisional"],
        "statutory_deadline_provisional": bool(statutory_figures.get("deadline_provisional")),
        "deadline_note": provisional_note(years),
        "suspended": any(e.kind == ClockEntry.Kind.SUSPENSION and e.end_date is None for e in promised.entries.all()),
        "deadline_changes": deadline_changes(case),
    }


def case_clock_figures(case: Case, today: date) -> dict | None:
    """Working days used against the promise and whether the statutory limit was breached: what a
    published result states (the "clock_figures" section). One query when the clocks have no
    ledger entries, which is most cases; None before acceptance."""
    clocks = {c.kind: c for c in Clock.objects.filter(case=case, kind__in=[Clock.Kind.PROMISED,
                                                                           Clock.Kind.STATUTORY])
              .annotate(has_entries=Exists(ClockEntry.objects.filter(clock=OuterRef("pk")).order_by()))
              .order_by()}
    promised = clocks.get(Clock.Kind.PROMISED)
    if promised is None:
        return None
    statutory = clocks.get(Clock.Kind.STATUTORY)
    entries = list(promised.entries.order_by("start_date", "pk")) if promised.has_entries else []
    try:
        used = clock_projection(promised, calendar=refresh_if_stale(), today=as_of(promised, today),
                                entries=entries).used
    except CalendarNotCovered:
        used = None
    return {"used_working_days": used, "statutory_breach": bool(statutory and statutory.statutory_breach)}


from .timeline import case_supervision_timeline  # noqa: E402  (part of the selector API)

__all__ = ["case_clock_figures", "case_clock_summary", "case_supervision_timeline", "clock_list_visible_to",
           "clock_figures", "can_supervise", "ledger"]


def open_suspension_q():
    """Exists: the clock has a suspension still running."""
    return Exists(ClockEntry.objects.filter(clock=OuterRef("pk"), kind=ClockEntry.Kind.SUSPENSION,
                                            end_date__isnull=True))


def _case_has(**clock_filter):
    return Exists(Clock.objects.filter(case=OuterRef("pk"), completed_at__isnull=True, **clock_filter))


def _case_suspended():
    return Exists(ClockEntry.objects.filter(clock__case=OuterRef("pk"), clock__completed_at__isnull=True,
                                            kind=ClockEntry.Kind.SUSPENSION, end_date__isnull=True))


BOARD_LISTS = ("yellow", "red", "suspended", "breach")


def _board_case_filter(state: str):
    """The one definition of each board tile and of the list it links to: cases, not clocks. Red: a
    running clock (case or step) is overdue; yellow: one is in warning and none is overdue;
    suspended: time stands still (a red one too); breach: the statutory limit was exceeded (also
    after completion); "": yellow or red."""
    from django.db.models import Q

    red, yellow = _case_has(state=Clock.State.RED), _case_has(state=Clock.State.YELLOW)
    return {
        "red": Q(red), "yellow": Q(yellow) & ~Q(red), "suspended": Q(_case_suspended()),
        "breach": Q(Exists(Clock.objects.filter(case=OuterRef("pk"), kind=Clock.Kind.STATUTORY,
                                                statutory_breach=True))),
        "": Q(red) | Q(yellow),
    }[state]


def board_cases(*, user, state: str = "") -> QuerySet[Case]:
    """The cases a board list shows (one row per case), most urgent first; `board_clocks` attaches
    the clocks beneath each row."""
    from django.db.models import Min

    clock_list_visible_to(user=user)  # the permission check
    return (Case.objects.filter(_board_case_filter(state)).select_related("item", "item__department")
            .annotate(first_deadline=Min("clocks__projected_deadline")).order_by("first_deadline", "pk"))


def board_clocks(cases, *, state: str = "") -> None:
    """Set `case.board_clocks` on each case of a page: the clocks that put it on the list (for the
    breach list its statutory clock), each with `is_suspended`. One query for the page."""
    ids = [c.pk for c in cases]
    qs = Clock.objects.filter(case_id__in=ids).select_related("department").annotate(is_suspended=open_suspension_q())
    if state == "breach":
        qs = qs.filter(kind=Clock.Kind.STATUTORY, statutory_breach=True)
    elif state == "suspended":
        qs = qs.filter(completed_at__isnull=True, is_suspended=True)
    else:
        qs = qs.filter(completed_at__isnull=True, state__in=[state] if state else WARNING_STATES)
    by_case: dict[int, list] = {}
    for clock in qs.order_by("projected_deadline", "pk"):
        by_case.setdefault(clock.case_id, []).append(clock)
    for case in cases:
        case.board_clocks = by_case.get(case.pk, [])


def board_figures(*, user) -> dict:
    """Counts for the supervision board, in cases (each tile counts the rows of the list it links
    to: see _board_case_filter), plus step clocks in warning, and the log's length."""
    from django.db.models import Count, Q

    from .models import LogHead

    clock_list_visible_to(user=user)  # the permission check
    counts = Case.objects.filter(Q(_case_has()) | _board_case_filter("breach")).aggregate(
        open=Count("pk", filter=Q(_case_has(kind=Clock.Kind.PROMISED))),
        red=Count("pk", filter=_board_case_filter("red")),
        yellow=Count("pk", filter=_board_case_filter("yellow")),
        suspended=Count("pk", filter=_board_case_filter("suspended")),
        statutory_breaches=Count("pk", filter=_board_case_filter("breach")),
        green=Count("pk", filter=Q(_case_has(kind=Clock.Kind.PROMISED)) & ~_board_case_filter("")
                    & ~_board_case_filter("suspended")),
    )
    steps = dict(Clock.objects.filter(kind=Clock.Kind.STEP, completed_at__isnull=True, state__in=WARNING_STATES)
                 .values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    head = LogHead.objects.filter(pk=1).first()
    return {
        **counts,
        "steps_yellow": steps.get(Clock.State.YELLOW, 0), "steps_red": steps.get(Clock.State.RED, 0),
        "log_entries": head.seq if head else 0,
        **provisional_figures(),
    }


def provisional_figures() -> dict:
    """Open clocks whose deadline is provisional, in all and by the year of the deadline (one query)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    rows = (Clock.objects.filter(completed_at__isnull=True, deadline_provisional=True)
            .annotate(year=ExtractYear("projected_deadline")).values("year", "kind").annotate(n=Count("id")))
    by_year: dict[int, int] = {}
    cases = 0
    for row in rows:
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["n"]
        cases += row["n"] if row["kind"] == Clock.Kind.PROMISED else 0
    return {"provisional_clocks": sum(by_year.values()), "provisional_cases": cases,
            "provisional_by_year": dict(sorted(by_year.items())),
            "provisional_years_display": "、".join(str(y) for y in sorted(by_year))}


def card_list_recent(*, user, limit: int = 20):
    from .models import Card

    clock_list_visible_to(user=user)
    return (Card.objects.select_related("case__item", "clock", "department", "rule", "responsible")
            .order_by("-at", "-id")[:limit])


def applicant_notifications(case: Case) -> QuerySet:
    """What the applicant was told about the case, oldest first (case page and tracking page)."""
    from .models import Notification

    return (Notification.objects.filter(case=case, for_applicant=True)
            .only("kind", "title", "body", "created_at", "mobile", "sms_status", "email", "email_status")
            .order_by("created_at", "id"))
