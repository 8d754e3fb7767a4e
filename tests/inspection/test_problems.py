"""External evaluation findings, the problem clock, and who may see, reply and close — through the
services, the API and the staff pages. Another unit's problem is a 404."""

from __future__ import annotations

import pytest

from backend.common.errors import DomainError
from backend.inspection import selectors, services
from backend.inspection.models import Problem
from backend.supervision.models import LogEntry

from .conftest import at, draft_at, pinned, publish_at

ENTERED = at(2026, 11, 2, 10)
API = "/api/v1/disclosure/inspection/"


def enter(office, **kw):
    data = {"department": "zjj", "description": "政策解读栏目内容更新不及时",
            "report_name": "2026年度政务公开第三方评估报告", "indicator": "政策解读", "score_lost": "1.5", **kw}
    with pinned(ENTERED):
        return services.problem_enter_external(actor=office, now=ENTERED, **data)


def test_the_office_enters_an_external_problem_the_unit_replies_and_the_office_closes_it(office, people, housing):
    problem = enter(office)
    assert problem.source == "external" and problem.department == housing and str(problem.score_lost) == "1.50"
    assert problem.due_on.isoformat() == "2026-11-16"  # 10 working days after Monday 11-02
    with pinned(at(2026, 11, 5)):
        services.problem_reply(problem=problem, actor=people["drafter"], text="已补充解读材料", now=at(2026, 11, 5))
    with pinned(at(2026, 11, 6)):
        problem = services.problem_close(problem=problem, actor=office, opinion="整改到位", now=at(2026, 11, 6))
    assert problem.status == "closed" and problem.closed_by == office and problem.closed_by_run is None
    kinds = list(LogEntry.objects.filter(kind__startswith="inspection_").values_list("kind", flat=True))
    assert kinds == ["inspection_problem_entered", "inspection_problem_replied", "inspection_problem_closed"]


def test_the_office_may_return_a_reply_with_reasons(office, people):
    problem = enter(office)
    with pinned(at(2026, 11, 5)):
        services.problem_reply(problem=problem, actor=people["drafter"], text="已整改", now=at(2026, 11, 5))
        with pytest.raises(DomainError) as exc:
            services.problem_reopen(problem=problem, actor=office, opinion="", now=at(2026, 11, 5))
        assert exc.value.errors[0].field == "opinion"
        problem = services.problem_reopen(problem=problem, actor=office, opinion="未见解读", now=at(2026, 11, 5))
    assert problem.status == "reopened"


def test_an_external_problem_is_not_closed_before_the_reply_and_an_automatic_one_never_by_hand(office, people, column):
    problem = enter(office)
    with pinned(at(2026, 11, 5)), pytest.raises(DomainError) as exc:
        services.problem_close(problem=problem, actor=office, now=at(2026, 11, 5))
    assert exc.value.status == 409
    publish_at(people, draft_at(people, at(2026, 11, 2, 9), body="见 /public/nowhere/"), at(2026, 11, 4, 16))
    with pinned(at(2026, 11, 20)):
        services.inspection_run(now=at(2026, 11, 20), checks=["broken_internal_link"])
    auto = Problem.objects.get(source="automatic")
    with pinned(at(2026, 11, 21)):
        services.problem_reply(problem=auto, actor=people["drafter"], text="已改", now=at(2026, 11, 21))
        with pytest.raises(DomainError) as exc:
            services.problem_close(problem=auto, actor=office, now=at(2026, 11, 21))
    assert exc.value.status == 409 and exc.value.errors[0].code == "automatic"


def test_external_entry_names_every_field_error(office):
    with pytest.raises(DomainError) as exc:
        enter(office, department="nope", description="", report_name="", score_lost="x", days="0", column="zz")
    assert {e.field for e in exc.value.errors} == {"department", "description", "report_name", "score_lost", "days",
                                                   "column"}


def test_the_problem_clock_turns_yellow_then_red(office, housing):
    problem = enter(office)  # due 2026-11-16 (Monday)
    assert selectors.problem_state(problem, now=at(2026, 11, 12, 23, 59)) == "green"
    assert selectors.problem_state(problem, now=at(2026, 11, 13, 0, 0)) == "yellow"  # one working day left
    assert selectors.problem_state(problem, now=at(2026, 11, 16, 23, 59)) == "yellow"
    assert selectors.problem_state(problem, now=at(2026, 11, 17, 0, 0)) == "red"


def test_only_the_office_enters_and_runs(people):
    for user in (people["drafter"], people["head"]):
        with pytest.raises(DomainError) as exc:
            enter(user)
        assert exc.value.status == 403
        with pinned(ENTERED), pytest.raises(DomainError):
            services.inspection_run_manual(now=ENTERED, actor=user)


# -- who sees what: API ---------------------------------------------------------------------------------
def test_the_unit_sees_and_replies_another_unit_gets_404_the_office_sees_all(api, office, people):
    problem = enter(office)
    other = enter(office, department="slj", description="水利局问题")
    drafter, water = api(people["drafter"]), api(people["water_staff"])
    assert [p["id"] for p in drafter.get(f"{API}problems/").json()] == [problem.pk]
    assert [p["id"] for p in water.get(f"{API}problems/").json()] == [other.pk]
    assert {p["id"] for p in api(office).get(f"{API}problems/").json()} == {problem.pk, other.pk}
    assert {p["id"] for p in api(people["supervisor"]).get(f"{API}problems/").json()} == {problem.pk, other.pk}
    assert water.get(f"{API}problems/{problem.pk}/").status_code == 404
    assert water.post(f"{API}problems/{problem.pk}/reply/", {"text": "x"}, format="json").status_code == 404
    assert api(people["applicant"]).get(f"{API}problems/").json() == []
    r = drafter.post(f"{API}problems/{problem.pk}/reply/", {"text": "已整改"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "replied"
    assert drafter.post(f"{API}problems/{problem.pk}/reply/", {"text": "再次"}, format="json").status_code == 409
    assert drafter.post(f"{API}problems/{problem.pk}/close/", {}, format="json").status_code == 403
    r = api(office).post(f"{API}problems/{problem.pk}/close/", {"opinion": "好"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_the_api_enters_external_problems_and_runs_inspections(api, office, people, column):
    r = api(office).post(f"{API}problems/external/", {"department": "zjj", "description": "未公开年报",
                                                     "report_name": "评估报告", "score_lost": 2}, format="json")
    assert r.status_code == 201 and r.json()["department"]["code"] == "zjj" and r.json()["clock_state"]
    r = api(office).post(f"{API}problems/external/", {"department": "zjj", "bogus": 1}, format="json")
    assert r.status_code == 400
    assert api(people["drafter"]).post(f"{API}problems/external/", {"department": "zjj"},
                                       format="json").status_code == 403
    r = api(office).post(f"{API}runs/", {"checks": ["empty_column"]}, format="json")
    assert r.status_code == 201 and r.json()["counts"]["opened"] == 1  # the housing column has nothing public
    assert len(api(office).get(f"{API}runs/").json()) == 1
    assert api(people["drafter"]).get(f"{API}runs/").json() == []
    assert api(people["drafter"]).post(f"{API}runs/", {}, format="json").status_code == 403


# -- staff pages ----------------------------------------------------------------------------------------
def test_the_pages_show_the_units_list_and_evidence_and_take_the_reply(client, office, people):
    problem = enter(office)
    other = enter(office, department="slj", description="水利局问题")
    client.force_login(people["drafter"])
    page = client.get("/inspection/").content.decode()
    assert "政策解读栏目内容更新不及时" in page and "水利局问题" not in page and "立即检查" not in page
    assert client.get(f"/inspection/{other.pk}/").status_code == 404
    page = client.get(f"/inspection/{problem.pk}/").content.decode()
    assert "2026年度政务公开第三方评估报告" in page and 'name="text"' in page
    r = client.post(f"/inspection/{problem.pk}/reply/", {"text": ""})
    assert r.status_code == 400 and "请填写整改情况" in r.content.decode()
    r = client.post(f"/inspection/{problem.pk}/reply/", {"text": "已补充"})
    assert r.status_code == 302
    problem.refresh_from_db()
    assert problem.status == "replied" and problem.reply_text == "已补充"
    client.force_login(office)
    page = client.get("/inspection/").content.decode()
    assert "水利局问题" in page and "立即检查" in page
    assert f'action="/inspection/{problem.pk}/close/"' in client.get(f"/inspection/{problem.pk}/").content.decode()
    assert client.post(f"/inspection/{problem.pk}/close/", {"opinion": ""}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == "closed"


def test_the_office_runs_an_inspection_and_enters_a_finding_from_the_pages(client, office, people, column):
    client.force_login(office)
    assert client.post("/inspection/run/").status_code == 302
    assert Problem.objects.filter(check_code="empty_column").count() == 1
    r = client.post("/inspection/external/new/", {"department": "zjj", "report_name": "", "description": "x"})
    assert r.status_code == 400 and "请填写评估报告名称" in r.content.decode()
    r = client.post("/inspection/external/new/", {"department": "zjj", "report_name": "报告", "description": "x",
                                                  "score_lost": "0.5"})
    assert r.status_code == 302 and Problem.objects.filter(source="external").count() == 1
    client.force_login(people["drafter"])
    assert client.post("/inspection/run/").status_code == 403
    assert client.get("/inspection/external/new/").status_code == 403
    client.force_login(people["applicant"])
    assert client.get("/inspection/").status_code == 403


def test_the_staff_pages_pass_the_basic_accessibility_checks(client, office, people):
    from backend.inspection.checks import accessibility_problems

    problem = enter(office)
    client.force_login(office)
    for path in ("/inspection/", f"/inspection/{problem.pk}/", "/inspection/external/new/"):
        assert accessibility_problems(client.get(path).content.decode()) == [], path
    client.force_login(people["drafter"])
    assert accessibility_problems(client.get(f"/inspection/{problem.pk}/").content.decode()) == []


def test_the_problem_lists_cost_the_same_queries_for_two_problems_as_for_six(office, people, housing, api, client):
    """Each row's clock state reads the working calendar once per list, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(get) -> int:
        with pinned(at(2026, 11, 5)), CaptureQueriesContext(connection) as ctx:
            assert get().status_code == 200
        return len(ctx)

    client.force_login(office)
    for _ in range(2):
        enter(office)
    few = (queries(lambda: api(office).get(API + "problems/")), queries(lambda: client.get("/inspection/")))
    for _ in range(4):
        enter(office)
    assert (queries(lambda: api(office).get(API + "problems/")), queries(lambda: client.get("/inspection/"))) == few
