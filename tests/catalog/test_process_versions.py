"""Processes are versioned like guides: an administrator edits the steps and publishes them as a
new version; a case runs on the version it was filed under to the end, whatever is published
after; the admin shows what changed between versions and how many open cases run on each."""

import pytest
from django.db.models import F
from django.test import Client

from backend.cases.models import Case
from backend.cases.services import OPEN_STATUSES
from backend.catalog import selectors
from backend.catalog.models import ProcessStep, ProcessVersion
from backend.catalog.services import process_publish
from backend.catalog.versions import process_diff
from backend.common.errors import DomainError
from backend.supervision.models import LogEntry
from tests import factories
from tests.supervision.conftest import act, at, file_case, open_task


def steps_of(case):
    return [s["step"] for s in case.process.data["steps"]]


@pytest.fixture
def admin_user(db):
    user = factories.user("root", "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def add_step(item, step, position, budget=1):
    item.steps.filter(position__gte=position).update(position=F("position") + 1)
    ProcessStep.objects.create(item=item, position=position, step=step, department=item.department,
                               role=ProcessStep.DEFAULT_ROLES[step], budget_days=budget)


def test_a_running_case_finishes_on_its_version_and_new_cases_take_the_new_one(dept, staff, admin_user):
    item = factories.item(dept, steps=["accept", "review", "decide", "complete"])
    old = file_case(item, staff, at(2026, 11, 2, 9))
    assert old.process_version.version == 1
    act(old, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))

    add_step(item, "check", 2)  # accept, review, check, decide, complete
    version = process_publish(item=item, actor=admin_user, now=at(2026, 11, 3, 9), note="增加审核环节")
    assert version.version == 2 and [s["step"] for s in version.steps][2] == "check"

    act(old, staff["reviewer"], "review", "done", at(2026, 11, 3, 10))
    assert open_task(old, "decide")  # no 审核 for the case filed under version 1
    act(old, staff["approver"], "decide", "approve", at(2026, 11, 4))
    act(old, staff["clerk"], "complete", "done", at(2026, 11, 4, 11))
    assert Case.objects.get(pk=old.pk).status == Case.Status.COMPLETED

    new = file_case(item, staff, at(2026, 11, 5, 9))
    assert new.process_version == version and steps_of(new) == ["accept", "review", "check", "decide", "complete"]
    act(new, staff["clerk"], "accept", "accept", at(2026, 11, 5, 10))
    act(new, staff["reviewer"], "review", "done", at(2026, 11, 5, 11))
    assert open_task(new, "check")


def test_editing_the_steps_changes_nothing_until_published(dept, staff):
    item = factories.item(dept, steps=["accept", "review", "decide"])
    item.steps.filter(step="review").update(budget_days=5)
    case = file_case(item, staff, at(2026, 11, 2, 9))
    assert [s["budget_days"] for s in case.process.data["steps"]] == [1, 1, 1]
    assert [s["budget_days"] for s in selectors.process_steps_published(item=item)] == [1, 1, 1]


def test_filing_needs_a_published_process(dept, staff):
    item = factories.item(dept)
    item.process_versions.all().delete()
    with pytest.raises(DomainError) as refused:
        file_case(item, staff, at(2026, 11, 2, 9))
    assert [(e.field, e.code) for e in refused.value.errors] == [("item", "no_process")]
    assert str(refused.value.errors[0].message) == "该事项的办理流程尚未发布，暂不能申请。"


def test_publishing_refuses_an_unchanged_empty_or_invalid_process(dept, staff, admin_user):
    from backend.accounts.models import Department

    item = factories.item(dept, steps=["accept", "review", "decide"])
    with pytest.raises(DomainError) as unchanged:
        process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    assert unchanged.value.errors[0].code == "unchanged" and "第 1 版" in str(unchanged.value.errors[0].message)

    nobody = Department.objects.create(code="NOBODY", name="无人部门")
    item.steps.filter(step="review").update(department=nobody)
    with pytest.raises(DomainError) as unstaffed:
        process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    assert "“无人部门”没有可办理该环节的在岗人员" in str(unstaffed.value.errors[0].message)

    item.steps.filter(step="decide").delete()
    item.steps.filter(step="review").update(department=dept)
    with pytest.raises(DomainError) as no_decision:
        process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    assert any("必须包含“决定”环节" in str(e.message) for e in no_decision.value.errors)

    item.steps.all().delete()
    with pytest.raises(DomainError) as empty:
        process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    assert empty.value.errors[0].code == "empty"
    assert item.process_versions.count() == 1


def test_publishing_is_in_the_tamper_evident_log(dept, staff, admin_user):
    item = factories.item(dept, steps=["accept", "review", "decide"])
    item.steps.filter(step="review").update(budget_days=3)
    process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    entry = LogEntry.objects.filter(kind="process_published").get()
    assert entry.payload["item"] == item.code and entry.payload["version"] == 2 and entry.payload["by"] == "root"


def test_the_diff_names_added_removed_and_changed_steps(dept, db):
    from backend.accounts.models import Department

    other = Department.objects.create(code="PLAN", name="县自然资源局")
    old = [{"step": "accept", "department_id": dept.pk, "role": "clerk", "budget_days": 1},
           {"step": "review", "department_id": dept.pk, "role": "reviewer", "budget_days": 2},
           {"step": "inspection", "department_id": other.pk, "role": "reviewer", "budget_days": 2},
           {"step": "decide", "department_id": dept.pk, "role": "approver", "budget_days": 1}]
    new = [old[0], {**old[1], "budget_days": 3},
           {"step": "hearing", "department_id": other.pk, "role": "reviewer", "budget_days": 10},
           {**old[3], "role": "reviewer"}]
    assert [c.kind for c in process_diff(old, new)] == ["changed", "removed", "added", "changed"]
    assert process_diff(old, old) == []
    assert selectors.process_diff_lines(old=old, new=new) == [
        "第 2 步“审查”（市场监督管理局）：时限 2 → 3 个工作日",
        "删除原第 3 步“现场核查”（县自然资源局）",
        "新增第 3 步“听证”（县自然资源局，审核人员，10 个工作日）",
        "第 4 步“决定”（市场监督管理局）：承办角色 审批人员 → 审核人员",
    ]


def test_closed_statuses_named_by_the_catalog_are_the_cases_own():
    assert set(selectors.CLOSED_CASE_STATUSES) == set(Case.Status.values) - set(OPEN_STATUSES)


def test_admin_publishes_shows_the_diff_and_open_cases_per_version(dept, staff, admin_user):
    item = factories.item(dept, steps=["accept", "review", "decide"])
    for hour in (9, 10):
        file_case(item, staff, at(2026, 11, 2, hour))
    done = file_case(item, staff, at(2026, 11, 2, 11))
    act(done, staff["clerk"], "accept", "refuse", at(2026, 11, 2, 12), opinion="不属于本机关职权范围")
    client = Client()
    client.force_login(admin_user)

    publish_url = f"/admin/catalog/serviceitem/{item.pk}/publish-process/"
    page = client.get(publish_url).content.decode()
    assert "配置的环节与已发布版本相同，无需发布。" in page and 'name="note"' not in page

    item.steps.filter(step="review").update(budget_days=4)
    page = client.get(publish_url).content.decode()
    assert "与已发布的第 1 版相比" in page and "第 2 步“审查”（市场监督管理局）：时限 1 → 4 个工作日" in page
    response = client.post(publish_url, {"note": "审查时限调整"})
    assert response.status_code == 302
    version = item.process_versions.get(version=2)
    assert version.note == "审查时限调整" and version.published_by == admin_user
    file_case(item, staff, at(2026, 11, 3, 9))

    counts = dict(selectors.annotate_open_cases(item.process_versions.all()).values_list("version", "open_cases"))
    assert counts == {1: 2, 2: 1}
    change = client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").content.decode()
    assert "已发布的流程版本" in change and "审查时限调整" in change and "发布流程新版本" in change
    detail = client.get(f"/admin/catalog/processversion/{version.pk}/change/").content.decode()
    assert "第 1 版：" in detail and "时限 1 → 4 个工作日" in detail


def test_admin_shows_why_a_version_cannot_be_published(dept, staff, admin_user):
    item = factories.item(dept, steps=["accept", "review", "decide"])
    item.steps.filter(step="decide").delete()
    client = Client()
    client.force_login(admin_user)
    url = f"/admin/catalog/serviceitem/{item.pk}/publish-process/"
    page = client.get(url).content.decode()
    assert "以下问题解决之前不能发布" in page and "必须包含“决定”环节" in page
    client.post(url, {"note": "x"})
    assert item.process_versions.count() == 1


def test_only_administrators_who_may_publish_see_the_publish_page(dept, staff):
    item = factories.item(dept)
    clerk = staff["clerk"]
    clerk.is_staff = True
    clerk.save()
    client = Client()
    client.force_login(clerk)
    assert client.get(f"/admin/catalog/serviceitem/{item.pk}/publish-process/").status_code == 403
    assert not ProcessVersion.objects.filter(item=item, version=2).exists()


def test_the_public_guide_shows_the_published_process(dept, staff, admin_user, client):
    item = factories.item(dept, steps=["accept", "review", "decide"])
    add_step(item, "hearing", 2, budget=15)
    page = client.get(f"/guides/{item.code}/").content.decode()
    assert "听证" not in page
    process_publish(item=item, actor=admin_user, now=at(2026, 11, 2, 9))
    page = client.get(f"/guides/{item.code}/").content.decode()
    assert "听证" in page
    api = client.get(f"/api/v1/items/{item.code}/").json()
    assert [s["step"] for s in api["steps"]] == ["accept", "review", "hearing", "decide"]
