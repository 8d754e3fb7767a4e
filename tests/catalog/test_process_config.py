"""Administrators configure each item's process in the admin; invalid configurations are refused."""

import pytest

from backend.catalog.models import ProcessStep
from backend.catalog.process_config import StepSpec, process_config_errors, total_budget_days
from tests import factories


def spec(step, budget=1, dept=1):
    return StepSpec(step, dept, ProcessStep.DEFAULT_ROLES[step], budget)


def test_budgets_over_the_promised_limit_are_an_error():
    steps = [spec("accept", 1), spec("review", 5), spec("decide", 5)]
    errors = process_config_errors(kind="promised", steps=steps, promised_limit_days=10)
    assert any("11" in e and "10" in e for e in errors)
    assert process_config_errors(kind="promised", steps=steps, promised_limit_days=11) == []


def test_parallel_joint_reviews_count_as_the_longest():
    steps = [spec("accept", 1), spec("joint_review", 4, 2), spec("joint_review", 6, 3), spec("decide", 2)]
    assert total_budget_days(steps) == 9
    assert process_config_errors(kind="joint", steps=steps, promised_limit_days=9) == []


@pytest.mark.parametrize("kind,steps,fragment", [
    ("promised", ["review", "decide"], "受理"),
    ("promised", ["accept", "review"], "决定"),
    ("joint", ["accept", "decide"], "两个部门"),
    ("promised", ["accept", "review", "decide", "decide"], "只能配置一次"),
    ("promised", ["handle", "accept", "decide"], "第一个环节"),
    ("promised", ["accept", "decide", "complete", "deliver"], "最后一个环节"),
    ("promised", ["accept", "decide", "check"], "决定”之后只能"),
    ("promised", ["accept", "certify", "decide"], "制证”必须在“决定”之后"),
    ("promised", ["accept", "deliver", "decide"], "送达”必须在“决定”之后"),
    ("promised", ["accept", "decide", "deliver", "certify"], "送达”必须在“制证”之后"),
    ("joint", ["accept", "joint_review", "check", "joint_review", "decide"], "相邻"),
])
def test_structural_errors(kind, steps, fragment):
    errors = process_config_errors(kind=kind, steps=[spec(s) for s in steps], promised_limit_days=30)
    assert any(fragment in e for e in errors), errors


def test_any_number_of_sign_off_levels_in_any_order_is_a_process():
    steps = [spec(s) for s in ("accept", "handle", "check", "check", "authorize", "sign", "collective", "decide",
                               "publicity", "certify", "deliver", "complete")]
    assert process_config_errors(kind="promised", steps=steps, promised_limit_days=12) == []


def test_special_procedures_do_not_count_toward_the_limit():
    steps = [spec("accept", 1), spec("handle", 2), spec("hearing", 20), spec("expert_review", 15), spec("decide", 2)]
    assert total_budget_days(steps) == 5
    assert process_config_errors(kind="promised", steps=steps, promised_limit_days=5) == []


def test_the_promised_limit_may_not_exceed_the_statutory_one():
    errors = process_config_errors(kind="promised", steps=[spec("accept"), spec("decide")], promised_limit_days=25,
                                   statutory_limit_days=20)
    assert errors == ["承诺时限 25 个工作日超过法定时限 20 个工作日。"]


def test_immediate_item_needs_only_acceptance():
    assert process_config_errors(kind="immediate", steps=[spec("accept", 0)], promised_limit_days=0) == []


# The published versions, listed read-only below the steps, still post their management form.
VERSIONS_INLINE = {"process_versions-TOTAL_FORMS": "1", "process_versions-INITIAL_FORMS": "1",
                   "process_versions-MIN_NUM_FORMS": "0", "process_versions-MAX_NUM_FORMS": "0"}


def test_admin_refuses_a_process_exceeding_the_promised_limit(client, dept, db, staff):
    admin = factories.user("root", "admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    item = factories.item(dept, promised=3)  # accept, review, decide, complete: 1 day each = 4 > 3
    url = f"/admin/catalog/serviceitem/{item.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    steps = list(item.steps.all())
    form = {
        "code": item.code, "name": item.name, "kind": item.kind, "department": dept.pk, "is_active": "on",
        **VERSIONS_INLINE,
        "guides-TOTAL_FORMS": "1", "guides-INITIAL_FORMS": "1", "guides-MIN_NUM_FORMS": "0",
        "guides-MAX_NUM_FORMS": "1000",
        "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
    }
    guide = item.guides.get()
    form.update({"guides-0-id": guide.pk, "guides-0-item": item.pk, "guides-0-version": 1,
                 "guides-0-effective_from": "2020-01-01", "guides-0-statutory_limit_days": 20,
                 "guides-0-promised_limit_days": 3})
    for i, s in enumerate(steps):
        form.update({f"steps-{i}-id": s.pk, f"steps-{i}-item": item.pk, f"steps-{i}-step": s.step,
                     f"steps-{i}-position": s.position,
                     f"steps-{i}-department": dept.pk, f"steps-{i}-role": s.role, f"steps-{i}-budget_days": 1,
                     f"steps-{i}-day_kind": "working"})
    response = client.post(url, form)
    assert response.status_code == 200
    assert "超过承诺时限" in response.content.decode()
    form["steps-1-budget_days"] = 0
    response = client.post(url, form)
    assert response.status_code == 302
    assert item.steps.get(step="review").budget_days == 0


def test_admin_refuses_a_step_that_nobody_may_do(client, dept, db, staff):
    from backend.accounts.models import Department

    admin = factories.user("root", "admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    empty = Department.objects.create(code="EMPTY", name="无人部门")
    item = factories.item(dept, steps=["accept", "decide"])
    guide = item.guides.get()
    steps = list(item.steps.all())
    form = {
        "code": item.code, "name": item.name, "kind": item.kind, "department": dept.pk, "is_active": "on",
        **VERSIONS_INLINE,
        "guides-TOTAL_FORMS": "1", "guides-INITIAL_FORMS": "1", "guides-MIN_NUM_FORMS": "0",
        "guides-MAX_NUM_FORMS": "1000", "guides-0-id": guide.pk, "guides-0-item": item.pk, "guides-0-version": 1,
        "guides-0-effective_from": "2020-01-01", "guides-0-statutory_limit_days": 20,
        "guides-0-promised_limit_days": 10,
        "steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "2", "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
    }
    for i, s in enumerate(steps):
        form.update({f"steps-{i}-id": s.pk, f"steps-{i}-item": item.pk, f"steps-{i}-step": s.step,
                     f"steps-{i}-position": i * 2, f"steps-{i}-department": dept.pk, f"steps-{i}-role": s.role,
                     f"steps-{i}-budget_days": 1, f"steps-{i}-day_kind": "working"})
    form.update({"steps-2-item": item.pk, "steps-2-step": "check", "steps-2-position": 1,
                 "steps-2-department": empty.pk, "steps-2-role": "reviewer", "steps-2-budget_days": 1,
                 "steps-2-day_kind": "working"})
    response = client.post(f"/admin/catalog/serviceitem/{item.pk}/change/", form)
    assert response.status_code == 200
    assert "“无人部门”没有可办理该环节的在岗人员（角色：reviewer）" in response.content.decode()
    form["steps-2-department"] = dept.pk
    assert client.post(f"/admin/catalog/serviceitem/{item.pk}/change/", form).status_code == 302
    assert list(item.steps.order_by("position").values_list("step", flat=True)) == ["accept", "check", "decide"]
