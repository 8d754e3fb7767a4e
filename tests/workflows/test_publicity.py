"""A 公示 step publishes a notice for a period in working or calendar days; a calendar-day period
ending on a holiday runs to the next working day; its holder can close the step only after the
period; the step clock counts the period plus the day to record the outcome."""

from datetime import date

import pytest
from django.test import Client

from backend.cases.models import Case, CaseEvent
from backend.common.errors import Conflict
from backend.disclosure import outbox
from backend.disclosure.models import Publication
from backend.supervision.models import Clock
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task


def publicity_item(dept, *, days, day_kind):
    item = factories.item(dept, steps=["accept", "review", "decide", "publicity", "complete"], promised=15,
                          statutory=20)
    item.steps.filter(step="publicity").update(budget_days=days, day_kind=day_kind)
    factories.publish(item)
    return item


def decided(item, staff, when):
    case = file_case(item, staff, at(2026, 9, 24, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 24, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 9, 24, 11))
    act(case, staff["approver"], "decide", "approve", when, opinion="拟准予许可")
    return case


def test_a_seven_day_notice_over_national_day_runs_to_the_next_working_day(dept, staff):
    case = decided(publicity_item(dept, days=7, day_kind="calendar"), staff, at(2026, 9, 28, 10))
    task = open_task(case, "publicity")
    # 29 September + 7 calendar days = 5 October, a National Day holiday: the period ends on 8 October.
    assert (task.data["period_starts_on"], task.data["period_ends_on"]) == ("2026-09-29", "2026-10-08")
    event = CaseEvent.objects.get(case=case, kind="publicity_started")
    assert event.data["period_days"] == 7 and event.data["day_kind"] == "calendar"
    # Working days 29, 30 September and 8 October, and the 9th to record the outcome.
    assert Clock.objects.get(task_id=task.pk).projected_deadline == date(2026, 10, 9)

    with pytest.raises(Conflict) as early:
        act(case, staff["reviewer"], "publicity", "done", at(2026, 10, 8, 16))
    assert "公示期至 2026-10-08 届满" in str(early.value.errors[0].message)
    act(case, staff["reviewer"], "publicity", "done", at(2026, 10, 9, 9), opinion="公示期内未收到异议")
    act(case, staff["clerk"], "complete", "done", at(2026, 10, 9, 10))
    assert Case.objects.get(pk=case.pk).status == Case.Status.COMPLETED


def test_a_working_day_notice_counts_the_make_up_saturday(dept, staff):
    case = decided(publicity_item(dept, days=5, day_kind="working"), staff, at(2026, 9, 28, 10))
    # 29, 30 September, 8, 9 October and Saturday 10 October (a make-up working day).
    assert open_task(case, "publicity").data["period_ends_on"] == "2026-10-10"


def test_the_notice_is_published_masked_and_listed_while_it_runs(dept, staff, client, time_machine):
    case = decided(publicity_item(dept, days=7, day_kind="calendar"), staff, at(2026, 9, 28, 10))
    assert outbox.relay_due(now=at(2026, 9, 28, 10, 5)).published == 1
    notice = Publication.objects.get(kind="notice", subject=case.number)
    assert notice.payload["applicant"] == "张*明" and "张小明" not in str(notice.payload)
    assert "公示期 7 个自然日，自 2026-09-29 至 2026-10-08" in notice.payload["text"]

    time_machine.move_to(at(2026, 10, 2, 9))
    page = client.get("/public/notices/").content.decode()
    assert notice.title in page and "公示中" in page
    detail = client.get(f"/public/notices/{case.number}/").content.decode()
    assert "任何单位和个人对该申请有异议的" in detail and "市场监督管理局" in detail
    api = client.get("/public/api/notices/?running=1").json()
    assert [n["case_number"] for n in api["results"]] == [case.number]

    time_machine.move_to(at(2026, 10, 12, 9))
    assert "公示期满" in client.get("/public/notices/").content.decode()
    assert client.get("/public/api/notices/?running=1").json()["results"] == []


def test_only_a_notice_period_may_be_counted_in_calendar_days(dept, db):
    from backend.catalog.process_config import StepSpec, process_config_errors

    steps = [StepSpec("accept", 1, "clerk", 1), StepSpec("review", 1, "reviewer", 3, "calendar"),
             StepSpec("decide", 1, "approver", 1), StepSpec("publicity", 1, "reviewer", 7, "calendar")]
    assert process_config_errors(kind="promised", steps=steps, promised_limit_days=15) == [
        "只有“公示”环节可以按自然日计算期限，“审查”应按工作日。"]


def test_the_timeline_shows_the_period(dept, staff):
    case = decided(publicity_item(dept, days=7, day_kind="calendar"), staff, at(2026, 9, 28, 10))
    client = Client()
    client.force_login(staff["reviewer"])
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "公示开始：2026-09-29 至 2026-10-08" in page


def test_a_denial_publishes_no_result_notice_but_is_delivered(dept, staff):
    item = factories.item(dept, steps=["accept", "review", "decide", "publicity", "deliver"], promised=15,
                          statutory=20)
    item.steps.filter(step="publicity").update(budget_days=7, day_kind="calendar")
    factories.publish(item)
    case = file_case(item, staff, at(2026, 9, 24, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 24, 10))
    act(case, staff["reviewer"], "review", "done", at(2026, 9, 24, 11))
    act(case, staff["approver"], "decide", "deny", at(2026, 9, 28, 10), opinion="不符合法定条件")
    assert not CaseEvent.objects.filter(case=case, kind="publicity_started").exists()
    assert open_task(case, "deliver")


def test_the_published_guide_shows_a_calendar_day_period(dept, staff, client):
    from datetime import timedelta

    from django.utils import timezone

    item = publicity_item(dept, days=7, day_kind="calendar")
    outbox.relay_due(now=timezone.now() + timedelta(minutes=1))
    html = client.get(f"/public/guides/{item.code}/").content.decode()
    assert "期限 7 个自然日" in html and "时限 7 个工作日" not in html
    steps = client.get(f"/api/v1/items/{item.code}/").json()["steps"]
    assert {"step": "publicity", "budget_days": 7, "day_kind": "calendar"}.items() <= steps[3].items()
