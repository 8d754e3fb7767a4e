"""Re-projection compares the calendar before a version with the calendar after it, whatever is
stored: a suspended clock is not "moved" by a notice it never counts, a sweep that ran first hides
nothing, a second run changes nothing, cards are re-judged even when the deadline stays, an annulled
reminder may fire again, and a breach that newly holds in the past is found. Uses the hypothetical
2027 notice (tests/notices.py)."""

import pytest
from django.test import Client

from backend.supervision import services
from backend.supervision.models import Card, Clock, DeadlineChange, LogEntry, WarningRule
from backend.supervision.reprojection import clocks_reproject
from backend.workcalendar.models import CalendarVersion
from tests import factories
from tests.notices import NOTICE_2027, SOURCE_2027, import_2027

from .conftest import act, at, file_case


def accepted(dept, staff, moment, *, promised, statutory):
    item = factories.item(dept, promised=promised, statutory=statutory)
    case = file_case(item, staff, moment.replace(hour=9))
    act(case, staff["clerk"], "accept", "accept", moment)
    return case


def rule(**fields) -> WarningRule:
    now = at(2026, 1, 1)
    return WarningRule.objects.create(enabled=True, created_at=now, updated_at=now, **fields)


def test_a_suspended_clock_far_from_the_changed_year_is_not_moved(dept, staff):
    case = accepted(dept, staff, at(2026, 9, 28, 10), promised=10, statutory=20)
    services.clock_suspend(case=case, reason="专家评审", legal_basis="第四十五条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    version = import_2027()
    report = clocks_reproject(now=at(2026, 10, 30), version=version.number)
    assert report.moved == [] and not DeadlineChange.objects.exists()


def test_a_sweep_that_ran_first_on_the_new_calendar_hides_nothing_and_a_second_run_changes_nothing(dept, staff):
    case = accepted(dept, staff, at(2027, 1, 25, 10), promised=10, statutory=10)
    version = import_2027()
    services.clocks_sweep(now=at(2027, 2, 4, 10))  # another worker, already on the new calendar
    report = clocks_reproject(now=at(2027, 2, 4, 10, 1), version=version.number)
    assert {(m.clock, str(m.before), str(m.after)) for m in report.moved if m.case == case.number} == {
        ("promised", "2027-02-12", "2027-02-15"), ("statutory", "2027-02-12", "2027-02-15")}
    assert clocks_reproject(now=at(2027, 2, 4, 11), version=version.number) is None  # claimed once
    again = clocks_reproject(now=at(2027, 2, 4, 12), version=version.number, again=True)
    assert len(again.moved) == 2 and DeadlineChange.objects.filter(case=case).count() == 2  # not recorded twice
    assert CalendarVersion.objects.get(number=version.number).reprojected_at == at(2027, 2, 4, 10, 1)


def test_a_card_is_re_judged_even_when_the_deadline_stays(dept, staff):
    """15 working days from Friday 29 January end on 25 February on both calendars; at half the budget
    the provisional calendar turned yellow on 16 February, the notice only on the 17th."""
    rule(name="半程预警", trigger="used_percent", value=50, severity="yellow")
    case = accepted(dept, staff, at(2027, 1, 29, 10), promised=15, statutory=15)
    services.clocks_sweep(now=at(2027, 2, 16, 9))
    promised = Clock.objects.get(case=case, kind="promised")
    yellow = Card.objects.get(clock=promised, to_state="yellow")
    report = clocks_reproject(now=at(2027, 2, 16, 10), version=import_2027().number)
    yellow.refresh_from_db()
    assert str(Clock.objects.get(pk=promised.pk).projected_deadline) == "2027-02-25"
    assert yellow.annulled_at is not None and "期限仍为 2027-02-25" in yellow.annulment_reason
    assert any(a.clock == "promised" and a.what == "yellow card" for a in report.annulled)


def test_an_annulled_reminder_fires_again_when_it_comes_due(dept, staff):
    reminder = rule(name="到期提醒", trigger="overdue_days", value=0, severity="reminder")
    case = accepted(dept, staff, at(2027, 1, 25, 10), promised=10, statutory=10)
    services.clocks_sweep(now=at(2027, 2, 13, 9))  # past the provisional 12 February
    promised = Clock.objects.get(case=case, kind="promised")
    first = Card.objects.get(clock=promised, rule=reminder)
    clocks_reproject(now=at(2027, 2, 13, 10), version=import_2027().number)
    first.refresh_from_db()
    assert first.annulled_at is not None  # the official deadline is 15 February
    services.clocks_sweep(now=at(2027, 2, 16, 9))
    assert Card.objects.filter(clock=promised, rule=reminder, annulled_at__isnull=True).count() == 1


def test_a_breach_that_newly_holds_before_a_suspension_is_found(dept, staff):
    """5 working days from Friday 29 January: 11 February provisionally, 4 February on the notice.
    Suspended on 5 February, the case was already overdue on the notice's calendar."""
    case = accepted(dept, staff, at(2027, 1, 29, 10), promised=5, statutory=5)
    services.clock_suspend(case=case, reason="检测", legal_basis="第四十五条", actor=staff["reviewer"],
                           now=at(2027, 2, 5, 10))
    statutory = Clock.objects.get(case=case, kind="statutory")
    assert not statutory.statutory_breach
    report = clocks_reproject(now=at(2027, 2, 15, 10), version=import_2027().number)
    statutory.refresh_from_db()
    assert statutory.statutory_breach
    assert any(b.case == case.number for b in report.breaches_issued)
    assert LogEntry.objects.filter(kind="statutory_breach", payload__clock=statutory.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_re_projection_never_fails_the_import_and_the_sweep_runs_it(admin_user, monkeypatch, staff, dept):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.supervision import reprojection, tasks

    case = accepted(dept, staff, at(2027, 1, 25, 10), promised=10, statutory=10)
    real = reprojection.reprojections_pending_run
    monkeypatch.setattr(reprojection, "reprojections_pending_run",
                        lambda **kw: (_ for _ in ()).throw(RuntimeError("worker died")))
    client = Client()
    client.force_login(admin_user)
    page = client.post("/admin/workcalendar/calendarversion/import/", {
        "file": SimpleUploadedFile("2027.csv", NOTICE_2027.encode()), "source": SOURCE_2027})
    assert page.status_code == 200 and "pending" in page.content.decode()
    assert CalendarVersion.objects.get(number=2).reprojected_at is None
    monkeypatch.setattr(reprojection, "reprojections_pending_run", real)
    assert tasks.clocks_sweep_task()["reprojected_versions"] == [2]
    assert str(Clock.objects.get(case=case, kind="promised").projected_deadline) == "2027-02-15"
    assert DeadlineChange.objects.filter(case=case, calendar_version=2).count() == 2
