"""A step may name a position (指定职务, e.g. 分管副局长): only a member of its department and role
holding that title may do it; publishing refuses a position nobody holds; a stand-in acting for
the holder need not hold it."""

from datetime import date

import pytest

from backend.accounts.services import stand_in_name
from backend.catalog.services import process_publish
from backend.common.errors import DomainError
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task
from workflows import selectors
from workflows import services as flow


@pytest.fixture
def item(dept):
    item = factories.item(dept, steps=["accept", "review", "authorize", "decide"])
    item.steps.filter(step="authorize").update(post="分管副局长")
    factories.publish(item)
    return item


@pytest.fixture
def deputy(dept):
    user = factories.user("deputy", "approver", departments=[dept])
    user.title = "分管副局长"
    user.save()
    return user


def test_only_the_named_position_sees_and_claims_the_step(item, staff, deputy):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 11, 2, 11))
    task = open_task(case, "authorize")
    assert task.data["post"] == "分管副局长"
    assert task.pk not in [t.pk for t in selectors.task_list_visible_to(user=staff["approver"])]
    assert task.pk in [t.pk for t in selectors.task_list_visible_to(user=deputy)]
    with pytest.raises(DomainError):
        flow.task_claim(task_id=task.pk, actor=staff["approver"], now=at(2026, 11, 3))
    act(case, deputy, "authorize", "done", at(2026, 11, 3), opinion="同意")
    assert open_task(case, "decide")


def test_publishing_refuses_a_position_nobody_holds(dept, staff):
    item = factories.item(dept, steps=["accept", "review", "authorize", "decide"])
    item.steps.filter(step="authorize").update(post="分管副局长")
    admin = factories.user("root", "admin")
    with pytest.raises(DomainError) as refused:
        process_publish(item=item, actor=admin, now=at(2026, 11, 2, 9))
    assert "没有担任“分管副局长”的在岗人员" in str(refused.value.errors[0].message)


def test_a_stand_in_acts_for_the_named_position(item, staff, deputy, time_machine):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 11, 2, 11))
    task = open_task(case, "authorize")
    flow.task_claim(task_id=task.pk, actor=deputy, now=at(2026, 11, 2, 12))
    stand_in_name(absent=deputy, stand_in_id=staff["approver"].pk, starts_on=date(2026, 11, 3),
                  ends_on=date(2026, 11, 4), reason="出差", now=at(2026, 11, 2, 12))
    time_machine.move_to(at(2026, 11, 3, 9))
    approver = type(staff["approver"]).objects.get(pk=staff["approver"].pk)
    flow.task_claim(task_id=task.pk, actor=approver, now=at(2026, 11, 3, 9))
    flow.task_complete(task_id=task.pk, actor=approver, decision="done", opinion="同意（代）", now=at(2026, 11, 3, 10))
    assert open_task(case, "decide")


def test_a_stand_in_claims_a_new_task_for_the_absent_holder_of_the_position(item, staff, deputy, time_machine):
    stand_in_name(absent=deputy, stand_in_id=staff["approver"].pk, starts_on=date(2026, 11, 3),
                  ends_on=date(2026, 11, 6), reason="培训", now=at(2026, 11, 2, 12))
    case = file_case(item, staff, at(2026, 11, 3, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 3, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 11, 3, 11))
    task = open_task(case, "authorize")  # created during the absence, never claimed by the deputy
    time_machine.move_to(at(2026, 11, 4, 9))
    approver = type(staff["approver"]).objects.get(pk=staff["approver"].pk)
    assert task.pk in [t.pk for t in selectors.task_list_visible_to(user=approver)]
    flow.task_claim(task_id=task.pk, actor=approver, now=at(2026, 11, 4, 9))
    flow.task_complete(task_id=task.pk, actor=approver, decision="done", opinion="同意", now=at(2026, 11, 4, 10))
    from backend.cases.models import CaseEvent

    done = CaseEvent.objects.filter(case=case, step="authorize").exclude(kind="claimed").get()
    assert done.data["on_behalf_of"]["id"] == deputy.pk


def test_the_stand_in_period_is_judged_by_the_business_time_not_the_wall_clock(item, staff, deputy, time_machine):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 11, 2, 11))
    task = open_task(case, "authorize")
    flow.task_claim(task_id=task.pk, actor=deputy, now=at(2026, 11, 2, 12))
    stand_in_name(absent=deputy, stand_in_id=staff["approver"].pk, starts_on=date(2026, 11, 5),
                  ends_on=date(2026, 11, 6), reason="出差", now=at(2026, 11, 2, 12))
    approver = type(staff["approver"]).objects.get(pk=staff["approver"].pk)
    time_machine.move_to(at(2026, 11, 5, 9))  # the wall clock inside the absence
    with pytest.raises(DomainError):  # the business date, the 3rd, is before it
        flow.task_claim(task_id=task.pk, actor=approver, now=at(2026, 11, 3, 9))
    time_machine.move_to(at(2026, 11, 10, 9))  # the wall clock after the absence
    flow.task_claim(task_id=task.pk, actor=approver, now=at(2026, 11, 6, 9))  # the business date inside it
    task.refresh_from_db()
    assert task.owner == approver and task.data["on_behalf_of"]["id"] == deputy.pk
