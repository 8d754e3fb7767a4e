"""Suspending, resuming and extending a case's clocks, with the ledger explaining every figure."""

from datetime import date

import pytest

from backend.common.errors import DomainError
from backend.supervision import services
from backend.supervision.models import Card, ClockEntry, LogEntry
from backend.supervision.selectors import case_clock_summary
from backend.workcalendar.calendar import CalendarNotCovered

from .conftest import act, at, file_case


def test_suspension_moves_the_deadline_by_exactly_the_suspended_working_days(accepted_case, staff):
    services.clock_suspend(case=accepted_case, reason="专家评审", legal_basis="《行政许可法》第四十五条",
                           actor=staff["reviewer"], now=at(2026, 10, 12))
    summary = case_clock_summary(accepted_case, date(2026, 10, 13))
    assert summary["state"] == "suspended"
    services.clock_resume(case=accepted_case, actor=staff["reviewer"], now=at(2026, 10, 15))
    summary = case_clock_summary(accepted_case, date(2026, 10, 15))
    # 10-13, 10-14, 10-15 suspended: 10-16 + 3 working days.
    assert summary["promised_deadline"] == date(2026, 10, 21)
    assert summary["statutory_deadline"] == date(2026, 11, 4)
    assert summary["explanation"] == "10个工作日，自2026-09-28起算 + 专家评审暂停3个工作日 = 2026-10-21"
    assert summary["suspensions"] == [{"reason": "专家评审", "legal_basis": "《行政许可法》第四十五条",
                                       "start_date": date(2026, 10, 12), "end_date": date(2026, 10, 15),
                                       "actor": "reviewer", "procedure": "", "expected_days": None,
                                       "approved_by": None}]
    # Used: 9-29, 9-30, 10-08, 10-09, 10-10 (调休), 10-12; the suspended days are not used.
    assert (summary["used_working_days"], summary["remaining_working_days"]) == (6, 4)
    assert summary["state"] == "green"


def test_the_promise_told_at_acceptance_is_never_rewritten(accepted_case, staff):
    services.clock_suspend(case=accepted_case, reason="检测", legal_basis="第四十五条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    services.clock_resume(case=accepted_case, actor=staff["reviewer"], now=at(2026, 10, 15))
    summary = case_clock_summary(accepted_case, date(2026, 10, 15))
    assert summary["promised_deadline_told"] == date(2026, 10, 16)


def test_suspension_needs_reason_and_legal_basis_and_cannot_be_doubled(accepted_case, staff):
    with pytest.raises(DomainError) as err:
        services.clock_suspend(case=accepted_case, reason="", legal_basis="x", actor=staff["reviewer"],
                               now=at(2026, 10, 12))
    assert err.value.errors[0].field == "reason"
    services.clock_suspend(case=accepted_case, reason="听证", legal_basis="第四十七条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    with pytest.raises(DomainError) as err:
        services.clock_suspend(case=accepted_case, reason="听证", legal_basis="第四十七条",
                               actor=staff["reviewer"], now=at(2026, 10, 13))
    assert err.value.status == 409


def test_supervisors_and_applicants_cannot_suspend(accepted_case, staff):
    for who in ("supervisor", "applicant"):
        with pytest.raises(DomainError) as err:
            services.clock_suspend(case=accepted_case, reason="听证", legal_basis="第四十七条", actor=staff[who],
                                   now=at(2026, 10, 12))
        assert err.value.status == 403


def test_extension_requires_an_approver(accepted_case, staff):
    with pytest.raises(DomainError) as err:
        services.clock_extend(case=accepted_case, days=10, reason="情况复杂", approver=staff["reviewer"],
                              actor=staff["reviewer"], now=at(2026, 10, 12))
    assert err.value.errors[0].code == "not_approver"
    assert not ClockEntry.objects.exists()


def test_extension_adds_working_days_to_both_case_clocks(accepted_case, staff):
    services.clock_extend(case=accepted_case, days=10, reason="情况复杂", approver=staff["approver"],
                          actor=staff["reviewer"], now=at(2026, 10, 12))
    summary = case_clock_summary(accepted_case, date(2026, 10, 12))
    assert summary["promised_deadline"] == date(2026, 10, 30)
    assert summary["statutory_deadline"] == date(2026, 11, 13)
    assert summary["extensions"][0]["approved_by"] == "approver"
    assert summary["explanation"] == "10个工作日，自2026-09-28起算 + 延期10个工作日（情况复杂） = 2026-10-30"


def test_an_extension_is_at_most_ten_working_days(accepted_case, staff):
    for days in (11, 100000, 0):
        with pytest.raises(DomainError) as err:
            services.clock_extend(case=accepted_case, days=days, reason="情况复杂", approver=staff["approver"],
                                  actor=staff["approver"], now=at(2026, 10, 12))
        assert (err.value.errors[0].field, err.value.errors[0].code) == ("days", "invalid")
    assert not ClockEntry.objects.exists()


def test_a_case_is_extended_once(accepted_case, staff):
    services.clock_extend(case=accepted_case, days=5, reason="情况复杂", approver=staff["approver"],
                          actor=staff["approver"], now=at(2026, 10, 12))
    with pytest.raises(DomainError) as err:
        services.clock_extend(case=accepted_case, days=5, reason="还要再延", approver=staff["approver"],
                              actor=staff["approver"], now=at(2026, 10, 13))
    assert err.value.errors[0].code == "already_extended" and err.value.status == 409
    assert ClockEntry.objects.filter(kind="extension").count() == 2  # the first one, on both case clocks


def test_an_extension_into_a_provisional_year_works_and_says_so(item, staff):
    """Accepted 2026-12-14 with 10 + 10 working days: the deadline falls in 2027, whose notice is not
    imported; it is computed by the statutory holidays (1 January off) and marked provisional."""
    case = file_case(item, staff, at(2026, 12, 11, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 12, 14, 10))
    clocks = services.clock_extend(case=case, days=10, reason="情况复杂", approver=staff["approver"],
                                   actor=staff["approver"], now=at(2026, 12, 15))
    promised = next(c for c in clocks if c.kind == "promised")
    promised.refresh_from_db()
    # Dec 15–18, 21–25, 28–31 are 13 working days; 1 January is off; Jan 4–8 make 18, Jan 11–12 make 20.
    assert str(promised.projected_deadline) == "2027-01-12" and promised.deadline_provisional
    assert str(promised.promised_deadline) == "2026-12-28"  # the promise told at acceptance stays


def test_an_extension_past_the_calendar_is_refused_and_writes_nothing(item, staff):
    """Accepted 2099-12-14: neither a notice nor the statutory rule reaches 2100, so the extended
    deadlines cannot be computed; the clock must not silently lose its deadline."""
    case = file_case(item, staff, at(2099, 12, 11, 9))
    act(case, staff["clerk"], "accept", "accept", at(2099, 12, 14, 10))
    with pytest.raises(CalendarNotCovered):
        services.clock_extend(case=case, days=10, reason="情况复杂", approver=staff["approver"],
                              actor=staff["approver"], now=at(2099, 12, 15))
    assert not ClockEntry.objects.exists()


def test_every_ledger_write_leaves_a_card_and_a_log_entry(accepted_case, staff):
    services.clock_suspend(case=accepted_case, reason="听证", legal_basis="第四十七条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    kinds = list(LogEntry.objects.values_list("kind", flat=True))
    assert "clock_suspended" in kinds and kinds.count("card") >= 2
    assert Card.objects.filter(case=accepted_case, to_state="suspended").count() >= 2


def test_a_finished_case_keeps_the_figures_it_finished_with(accepted_case, staff):
    """Completed 2026-10-09, before its promised 2026-10-16: weeks later it must still read "on
    time", not count the working days since."""
    decisions = {"review": ("reviewer", "done"), "decide": ("approver", "approve"), "complete": ("clerk", "done")}
    for step in ("review", "decide", "complete"):
        role, decision = decisions[step]
        act(accepted_case, staff[role], step, decision, at(2026, 10, 9, 11))
    assert accepted_case.status == "completed"
    on_the_day = case_clock_summary(accepted_case, date(2026, 10, 9))
    weeks_later = case_clock_summary(accepted_case, date(2026, 11, 20))
    # Used: 9-29, 9-30, 10-08 and 10-09 (National Day 10-01..10-07); the day of acceptance is not counted.
    assert weeks_later["used_working_days"] == on_the_day["used_working_days"] == 4
    assert weeks_later["remaining_working_days"] == on_the_day["remaining_working_days"] == 6
    def step_figures(summary):
        return [(s["step"], s["used_working_days"], s["remaining_working_days"]) for s in summary["steps"]]

    assert step_figures(weeks_later) == step_figures(on_the_day)
