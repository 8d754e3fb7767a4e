"""The pure ledger: deadlines, used/remaining days and explanations from budget + ledger + calendar."""

from datetime import date

import pytest

from backend.supervision import ledger
from backend.workcalendar.calendar import CalendarNotCovered, WorkingCalendar
from backend.workcalendar.seed import chinesecalendar_days

from .conftest import at


@pytest.fixture(scope="module")
def cal():
    return WorkingCalendar(range(2004, 2027), {d: kind for d, kind, _ in chinesecalendar_days()})


def test_twenty_working_days_across_national_day(cal):
    p = ledger.project(budget_days=20, start=date(2026, 9, 28), calendar=cal, today=date(2026, 9, 28))
    # 9-29, 9-30, then 10-01..10-07 off, 10-10 (Saturday) is a 调休 working day.
    assert p.deadline == date(2026, 10, 30)
    assert (p.used, p.remaining) == (0, 20)
    assert p.explanation == "20个工作日，自2026-09-28起算 = 2026-10-30"


def test_suspension_moves_deadline_by_the_suspended_working_days(cal):
    expert = ledger.Suspension(date(2026, 10, 12), date(2026, 10, 15), "专家评审")
    p = ledger.project(budget_days=20, start=date(2026, 9, 28), suspensions=[expert], calendar=cal,
                       today=date(2026, 10, 20))
    assert p.suspended_days == cal.working_days_between(date(2026, 10, 12), date(2026, 10, 15)) == 3
    assert p.deadline == cal.add_working_days(date(2026, 10, 30), 3) == date(2026, 11, 4)
    assert p.explanation == "20个工作日，自2026-09-28起算 + 专家评审暂停3个工作日 = 2026-11-04"
    assert p.used + p.remaining == 20


def test_open_suspension_counts_up_to_today_and_extension_adds_days(cal):
    p = ledger.project(budget_days=10, start=date(2026, 9, 28),
                       suspensions=[ledger.Suspension(date(2026, 10, 9), None, "检测")],
                       extensions=[ledger.Extension(5, "情况复杂")], calendar=cal, today=date(2026, 10, 12))
    assert p.open_suspension and p.suspended_days == 2  # 10-10 (调休) and 10-12
    assert p.deadline == cal.add_working_days(date(2026, 9, 28), 10 + 2 + 5)
    assert "检测暂停中（自2026-10-09起，已暂停2个工作日）" in p.explanation
    assert "延期5个工作日（情况复杂）" in p.explanation


def test_zero_days_is_due_the_same_day(cal):
    p = ledger.project(budget_days=0, start=date(2026, 10, 3), calendar=cal, today=date(2026, 10, 3))
    assert p.deadline == date(2026, 10, 3)


def test_state_turns_yellow_at_eighty_percent_and_red_after_the_deadline(cal):
    def state(now):
        p = ledger.project(budget_days=10, start=date(2026, 9, 28), calendar=cal, today=ledger.local_date(now))
        return ledger.warning_state(p, now=now, calendar=cal)

    green, yellow_at = state(at(2026, 10, 13, 23, 59))
    assert green == "green" and yellow_at == at(2026, 10, 14, 0, 0)  # the 8th working day begins
    yellow, red_at = state(at(2026, 10, 14, 0, 0))
    assert yellow == "yellow" and red_at == at(2026, 10, 17, 0, 0)  # deadline 10-16 23:59:59
    assert state(at(2026, 10, 17, 0, 0)) == ("red", None)


def test_a_year_without_calendar_data_is_an_error_not_a_wrong_date(cal):
    with pytest.raises(CalendarNotCovered):
        ledger.project(budget_days=20, start=date(2026, 12, 20), calendar=cal, today=date(2026, 12, 20))
