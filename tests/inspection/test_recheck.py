"""A run finds a stale column and a broken link, opens the unit's problems; the unit replies; the
problems wait for the re-check, which closes them once the unit has published and fixed the link."""

from __future__ import annotations

from backend.inspection import services
from backend.inspection.models import Finding, InspectionRun, Problem
from backend.supervision.models import LogEntry

from .conftest import at, correct_at, draft_at, pinned, publish_at

BROKEN = "/public/catalogue/documents/doc-99999/"
CHECKS = ["stale_column", "broken_internal_link"]


def run(when, **kw):
    with pinned(when):
        return services.inspection_run(now=when, checks=kw.pop("checks", CHECKS), **kw)


def test_a_run_finds_the_stale_column_and_the_broken_link_and_opens_problems_for_the_unit(people, column, housing):
    doc = draft_at(people, at(2026, 11, 2, 9), body=f"详见 {BROKEN} 和 /public/catalogue/。")
    publish_at(people, doc, at(2026, 11, 4, 16))
    r = run(at(2026, 11, 20))
    codes = sorted(Finding.objects.filter(run=r).values_list("check_code", flat=True))
    assert codes == ["broken_internal_link", "stale_column"]
    problems = Problem.objects.filter(department=housing, status="open")
    assert problems.count() == 2
    link = problems.get(check_code="broken_internal_link")
    assert link.evidence["url"] == BROKEN and link.evidence["what"] == "HTTP 404"
    assert link.evidence["page"] == f"/public/catalogue/documents/{doc.key}/"
    stale = problems.get(check_code="stale_column")
    assert stale.column == column and "2026-11-11" in stale.description  # 5 working days after 11-04
    assert stale.due_on.isoformat() == "2026-12-04"  # 10 working days after 11-20
    assert r.counts["opened"] == 2 and r.counts["closed"] == 0
    assert LogEntry.objects.filter(kind="inspection_problem_opened").count() == 2
    assert LogEntry.objects.filter(kind="inspection_run").count() == 1


def test_the_same_finding_the_next_day_keeps_the_one_problem(people, column):
    doc = draft_at(people, at(2026, 11, 2, 9), body=f"见 {BROKEN}")
    publish_at(people, doc, at(2026, 11, 4, 16))
    run(at(2026, 11, 20))
    r2 = run(at(2026, 11, 23))
    assert r2.counts["opened"] == 0 and r2.counts["findings"] == 2
    assert Problem.objects.count() == 2


def test_the_unit_replies_and_the_problem_waits_for_the_recheck_which_closes_it(people, column):
    doc = draft_at(people, at(2026, 11, 2, 9), body=f"见 {BROKEN}")
    doc = publish_at(people, doc, at(2026, 11, 4, 16))
    run(at(2026, 11, 20))
    for problem in Problem.objects.all():
        with pinned(at(2026, 11, 23)):
            services.problem_reply(problem=problem, actor=people["drafter"], text="已整改", now=at(2026, 11, 23))
    assert set(Problem.objects.values_list("status", flat=True)) == {"replied"}
    # the unit's say-so alone closes nothing: a re-check that still finds them reopens them
    r = run(at(2026, 11, 24))
    assert r.counts["reopened"] == 2
    assert set(Problem.objects.values_list("status", flat=True)) == {"reopened"}
    for problem in Problem.objects.all():
        with pinned(at(2026, 11, 25)):
            services.problem_reply(problem=problem, actor=people["drafter"], text="已更正并发布", now=at(2026, 11, 25))
    # the unit publishes a correction with the link fixed: the column is current again
    correct_at(people, doc, at(2026, 11, 25, 14), body="详见 /public/catalogue/。")
    r = run(at(2026, 11, 26))
    assert r.counts["closed"] == 2 and r.counts["findings"] == 0
    for problem in Problem.objects.all():
        assert problem.status == "closed" and problem.closed_by_run == r and problem.closed_by is None
    assert LogEntry.objects.filter(kind="inspection_problem_closed").count() == 2


def test_a_run_of_other_checks_closes_nothing(people, column):
    doc = draft_at(people, at(2026, 11, 2, 9), body=f"见 {BROKEN}")
    publish_at(people, doc, at(2026, 11, 4, 16))
    run(at(2026, 11, 20))
    r = run(at(2026, 11, 23), checks=["empty_column"])
    assert r.counts["closed"] == 0
    assert Problem.objects.filter(status="open").count() == 2


def test_the_scheduled_run_is_once_a_day(people, column):
    from backend.inspection.tasks import inspection_run_task

    with pinned(at(2026, 11, 20, 1, 30)):
        first = inspection_run_task()
        second = inspection_run_task()
    assert first is not None and second is None
    assert InspectionRun.objects.filter(trigger="schedule").count() == 1


def test_the_problem_page_shows_the_evidence_to_the_unit(client, people, column):
    doc = draft_at(people, at(2026, 11, 2, 9), body=f"见 {BROKEN}")
    publish_at(people, doc, at(2026, 11, 4, 16))
    run(at(2026, 11, 20), checks=["broken_internal_link"])
    problem = Problem.objects.get()
    client.force_login(people["drafter"])
    page = client.get(f"/inspection/{problem.pk}/").content.decode()
    assert f"<code>{BROKEN}</code>" in page and f"/public/catalogue/documents/{doc.key}/" in page
    assert "HTTP 404" in page and "2026-11-20" in page
    client.force_login(people["water_staff"])
    assert client.get(f"/inspection/{problem.pk}/").status_code == 404


def test_the_units_staff_and_head_hear_of_the_new_problems_once_per_run(people, column, housing):
    from backend.supervision.models import Notification

    doc = draft_at(people, at(2026, 11, 2, 9), body=f"见 {BROKEN}")
    publish_at(people, doc, at(2026, 11, 4, 16))
    r = run(at(2026, 11, 20))
    notes = Notification.objects.filter(key=f"inspection:{r.pk}:{housing.pk}")
    assert {n.recipient.username for n in notes} == {"zjjclerk", "zjjreviewer", "zjjhead"}
    assert all("2 个问题" in n.title and "2026-12-04" in n.body for n in notes)
    run(at(2026, 11, 23))
    assert Notification.objects.filter(key__startswith="inspection:").count() == 3  # nothing new, no one told
    assert not Notification.objects.filter(recipient=people["water_staff"]).exists()
