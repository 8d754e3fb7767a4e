"""Clocks open at acceptance, per step as tasks are created, and stop when the case ends."""

from datetime import date

from backend.supervision.models import Clock
from tests import factories

from .conftest import act, at, file_case


def _case_clocks(case):
    return {c.kind: c for c in Clock.objects.filter(case=case).exclude(kind="step")}


def test_acceptance_opens_promised_and_statutory_clocks_across_national_day(accepted_case):
    clocks = _case_clocks(accepted_case)
    promised, statutory = clocks["promised"], clocks["statutory"]
    assert promised.start_date == statutory.start_date == date(2026, 9, 28)
    assert (promised.budget_days, statutory.budget_days) == (10, 20)
    assert promised.promised_deadline == promised.projected_deadline == date(2026, 10, 16)
    assert statutory.promised_deadline == date(2026, 10, 30)
    assert promised.state == "green" and promised.next_change_at == at(2026, 10, 14, 0, 0)


def test_no_case_clock_before_acceptance_even_when_supplement_is_requested(item, staff):
    case = file_case(item, staff, at(2026, 9, 28, 9))
    act(case, staff["clerk"], "accept", "supplement", at(2026, 9, 28, 10), missing_materials=["营业执照"])
    assert not _case_clocks(case)


def test_each_step_task_has_its_own_clock(accepted_case, staff):
    steps = Clock.objects.filter(case=accepted_case, kind="step").order_by("id")
    accept, review = steps
    assert (accept.step, accept.state, accept.start_date) == ("accept", "completed", date(2026, 9, 25))
    assert accept.completed_at == at(2026, 9, 28, 10)
    assert (review.step, review.budget_days, review.completed_at) == ("review", 1, None)
    assert review.task_id and review.department_id == accepted_case.item.department_id
    assert review.start_date == date(2026, 9, 28)  # the business `now`, not the wall clock


def test_completion_stops_every_clock(accepted_case, staff):
    act(accepted_case, staff["reviewer"], "review", "done", at(2026, 9, 29))
    act(accepted_case, staff["approver"], "decide", "approve", at(2026, 9, 30), opinion="准予许可")
    act(accepted_case, staff["clerk"], "complete", "done", at(2026, 10, 8))
    clocks = Clock.objects.filter(case=accepted_case)
    assert clocks.count() == 6  # promised, statutory, accept, review, decide, complete
    assert set(clocks.values_list("state", flat=True)) == {"completed"}
    assert not clocks.filter(next_change_at__isnull=False).exists()


def test_immediate_item_is_due_the_same_day(dept, staff):
    item = factories.item(dept, kind="immediate")
    case = file_case(item, staff, at(2026, 9, 28, 9))
    act(case, staff["clerk"], "accept", "approve", at(2026, 9, 28, 9, 30), opinion="当场办结")
    promised = _case_clocks(case)["promised"]
    assert promised.budget_days == 0 and promised.promised_deadline == date(2026, 9, 28)
    assert promised.state == "completed"


def test_refusal_stops_the_acceptance_step_clock(item, staff):
    case = file_case(item, staff, at(2026, 9, 28, 9))
    act(case, staff["clerk"], "accept", "refuse", at(2026, 9, 28, 10), opinion="不属于本机关职权范围")
    assert list(Clock.objects.filter(case=case).values_list("step", "state")) == [("accept", "completed")]
