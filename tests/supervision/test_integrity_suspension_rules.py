"""Only the roles the suspension rules table names may stop a clock; the legal basis is always
required; past the table's limit only a leader may, recorded as the approver and in the log. The
case page and the API are guarded alike."""

import time_machine
from django.test import Client

from backend.supervision.models import ClockEntry, LogEntry, SuspensionRule

from .conftest import at

NOW = at(2026, 10, 12, 9)


def web(user):
    client = Client()
    client.force_login(user)
    return client


def post_web(case, user, **data):
    with time_machine.travel(NOW, tick=False):
        return web(user).post(f"/supervision/cases/{case.number}/clock/suspend/", data, follow=True)


def post_api(case, user, api, **data):
    with time_machine.travel(NOW, tick=False):
        return api(user).post(f"/api/v1/cases/{case.number}/clock/suspend/", data, format="json")


def error(response):
    return response.status_code, response.json()["errors"][0]["field"], response.json()["errors"][0]["code"]


def test_migrate_seeds_a_rule_per_procedure(db):
    rules = {r.procedure: r for r in SuspensionRule.objects.all()}
    assert set(rules) == {"supplement", "hearing", "inspection", "testing", "appraisal", "expert_review",
                          "public_notice", "other", "third_party", "organ_opinion"}  # the last two: 政府信息公开条例
    assert "clerk" in rules["supplement"].roles and rules["supplement"].max_days is None
    assert "clerk" not in rules["hearing"].roles and rules["expert_review"].max_days == 20


def test_a_clerk_may_not_suspend_for_a_hearing_on_the_page_or_the_api(accepted_case, staff, api):
    response = post_api(accepted_case, staff["clerk"], api, procedure="hearing", expected_days=5)
    assert error(response) == (403, "procedure", "role_not_allowed")
    assert "审核人员、审批人员" in response.json()["errors"][0]["message"]
    page = post_web(accepted_case, staff["clerk"], procedure="hearing", expected_days="5").content.decode()
    assert "您的角色不能因“听证”暂停计时" in page
    assert not ClockEntry.objects.exists()
    assert post_api(accepted_case, staff["clerk"], api, procedure="supplement").status_code == 200


def test_the_rules_table_is_edited_in_the_admin_and_takes_effect(accepted_case, staff, api, admin_user):
    rule = SuspensionRule.objects.get(procedure="hearing")
    response = web(admin_user).post(f"/admin/supervision/suspensionrule/{rule.pk}/change/",
                                    {"procedure": "hearing", "roles": ["clerk", "reviewer", "approver"],
                                     "max_days": "20"})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert "clerk" in rule.roles
    assert LogEntry.objects.filter(kind="suspension_rule_changed", payload__procedure="hearing").exists()
    assert post_api(accepted_case, staff["clerk"], api, procedure="hearing", expected_days=5).status_code == 200


def test_the_legal_basis_is_always_required(accepted_case, staff, api):
    response = post_api(accepted_case, staff["reviewer"], api, procedure="other", detail="等待上级批复",
                        expected_days=3)
    assert error(response) == (400, "legal_basis", "required")
    page = post_web(accepted_case, staff["reviewer"], procedure="other", detail="等待上级批复",
                    expected_days="3").content.decode()
    assert "暂停计时必须注明法律依据" in page
    assert not ClockEntry.objects.exists()


def test_the_expected_length_is_required_where_the_table_sets_a_limit(accepted_case, staff, api):
    response = post_api(accepted_case, staff["reviewer"], api, procedure="expert_review")
    assert error(response) == (400, "expected_days", "required")
    for bad in (0, "1.5", True):
        assert error(post_api(accepted_case, staff["reviewer"], api, procedure="expert_review",
                              expected_days=bad))[1:] == ("expected_days", "invalid"), bad


def test_past_the_limit_only_a_leader_suspends_on_the_page_or_the_api(accepted_case, staff, api):
    response = post_api(accepted_case, staff["reviewer"], api, procedure="expert_review", expected_days=25)
    assert error(response) == (403, "expected_days", "approval_required")
    page = post_web(accepted_case, staff["reviewer"], procedure="expert_review", expected_days="25").content.decode()
    assert "须经本部门负责人（审批人员）批准" in page
    assert not ClockEntry.objects.exists()
    # Within the limit the reviewer may; no approval is recorded.
    assert post_api(accepted_case, staff["reviewer"], api, procedure="expert_review", expected_days=20).status_code \
        == 200
    entry = ClockEntry.objects.get(clock__kind="promised")
    assert (entry.expected_days, entry.approved_by, entry.procedure) == (20, None, "expert_review")


def test_a_leader_approves_a_long_suspension_and_the_log_records_it(accepted_case, staff, api):
    response = post_api(accepted_case, staff["approver"], api, procedure="testing", expected_days=40)
    assert response.status_code == 200, response.content
    suspension = response.json()["clock"]["suspensions"][0]
    assert (suspension["approved_by"], suspension["expected_days"]) == ("approver", 40)
    assert ClockEntry.objects.get(clock__kind="promised").approved_by == staff["approver"]
    logged = LogEntry.objects.get(kind="clock_suspended").payload
    assert logged["approval"] == {"approved_by": "approver", "expected_days": 40}
    assert logged["procedure"] == "testing"


def test_the_department_head_is_a_leader(accepted_case, staff, api, head):
    head.groups.clear()
    head.groups.add(*staff["reviewer"].groups.all())  # a head holding the reviewer role only
    page = post_web(accepted_case, head, procedure="hearing", expected_days="30").content.decode()
    assert "已暂停计时" in page
    assert ClockEntry.objects.get(clock__kind="promised").approved_by == head


def test_the_case_page_offers_only_the_allowed_procedures_with_their_limits(accepted_case, staff):
    with time_machine.travel(NOW, tick=False):
        clerk_page = web(staff["clerk"]).get(f"/cases/{accepted_case.number}/").content.decode()
        reviewer_page = web(staff["reviewer"]).get(f"/cases/{accepted_case.number}/").content.decode()
    assert 'value="supplement"' in clerk_page and 'value="hearing"' not in clerk_page
    assert 'value="hearing"' in reviewer_page and "超过 20 个工作日须负责人批准" in reviewer_page
    assert 'name="expected_days"' in reviewer_page and 'for="clock-expected"' in reviewer_page
