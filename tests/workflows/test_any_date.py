"""The project works on any date, with no year imported beyond what ships (2004–2026): the demo loader,
a whole lifecycle from filing to publication, and the clock sweep, at instants across year ends,
Spring Festival, National Day and years far ahead (time pinned with time-machine).

Each instant's 20-working-day deadline is worked out by hand below, from the statutory rule
(《全国年节及纪念日放假办法》 2024; no 调休 guessed), as an oracle independent of the code."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from backend.cases.models import Case
from backend.disclosure import outbox
from backend.supervision import services as supervision
from backend.supervision.models import Card, Clock
from backend.workcalendar.calendar import SHANGHAI, deadline_end
from tests import factories
from tests.factories import PERSON
from workflows import services as flow
from workflows.selectors import tasks_open_for_case

INSTANTS = {
    # accepted at → the 20th working day after the acceptance day
    "new-year-eve": (datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), date(2027, 1, 29)),  # 1 Jan off; Jan 4–29
    "new-year": (datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), date(2027, 1, 29)),  # a holiday: counting starts Jan 4
    "spring-festival-eve": (datetime(2027, 2, 5, 10, tzinfo=SHANGHAI), date(2027, 3, 10)),  # 8–10 Feb off
    "national-day-eve": (datetime(2027, 9, 30, 10, tzinfo=SHANGHAI), date(2027, 11, 2)),  # 1, 4, 5 Oct off
    "2030": (datetime(2030, 6, 15, 10, tzinfo=SHANGHAI), date(2030, 7, 12)),  # a Saturday; 端午 was 5 June
    "2040": (datetime(2040, 1, 15, 10, tzinfo=SHANGHAI), date(2040, 2, 10)),  # a Sunday; 除夕 is 11 Feb
}


def pinned(moment: datetime):
    return time_machine.travel(moment, tick=False)


def api_act(api, user, number: str, step: str, decision: str) -> None:
    tasks = [t for t in api(user).get("/api/v1/tasks/").json()["results"] if t["case"] == number and t["step"] == step]
    assert tasks, f"{user.username} has no {step} task for {number}"
    client = api(user)
    assert client.post(f"/api/v1/tasks/{tasks[0]['id']}/claim/").status_code == 200
    response = client.post(f"/api/v1/tasks/{tasks[0]['id']}/complete/", {"decision": decision}, format="json")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("name", INSTANTS)
def test_the_demo_loads_with_every_supervision_state(db, name):
    moment, _deadline = INSTANTS[name]
    with pinned(moment):
        out = StringIO()
        call_command("demo_data", stdout=out)
        assert "Demo data ready" in out.getvalue()
        states = set(Clock.objects.filter(kind="promised").values_list("state", flat=True))
        assert {"green", "yellow", "red", "suspended", "completed"} <= states, states
        open_clocks = Clock.objects.filter(completed_at__isnull=True)
        assert not open_clocks.filter(projected_deadline__isnull=True).exists()  # every deadline computed
        for clock in open_clocks:  # provisional exactly when working days were counted through 2027+
            counted_ahead = clock.projected_deadline > clock.start_date and clock.projected_deadline.year >= 2027
            assert clock.deadline_provisional == counted_ahead, (clock, clock.projected_deadline)
        assert Card.objects.filter(to_state="red").exists() and Card.objects.filter(to_state="yellow").exists()
        assert Case.objects.filter(status="completed").exists()
        # Everything the demo shows happened before the moment it was loaded.
        assert not Case.objects.filter(filed_at__gt=moment).exists()


@pytest.mark.parametrize("name", INSTANTS)
def test_a_case_goes_from_filing_to_publication(db, staff, dept, api, name):
    moment, deadline = INSTANTS[name]
    item = factories.item(dept, promised=20, statutory=20)
    with pinned(moment):
        filed = api(staff["applicant"]).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                                 "applicant": PERSON}, format="json")
        assert filed.status_code == 201, filed.json()
        number = filed.json()["number"]
        api_act(api, staff["clerk"], number, "accept", "accept")
        clock = api(staff["reviewer"]).get(f"/api/v1/cases/{number}/").json()["clock"]
        assert clock["promised_deadline"] == f"{deadline}" and clock["statutory_deadline"] == f"{deadline}"
        assert clock["deadline_provisional"] is True and clock["provisional_years"] == [deadline.year]
        api_act(api, staff["reviewer"], number, "review", "done")
        api_act(api, staff["approver"], number, "decide", "approve")
        api_act(api, staff["clerk"], number, "complete", "done")
        outbox.relay_due(now=moment + timedelta(minutes=5))
    case = Case.objects.get(number=number)
    assert (case.status, case.decision) == ("completed", "approved")
    with pinned(moment + timedelta(minutes=10)):
        rows = Client().get("/public/api/results/").json()["results"]
    assert [(r["case_number"], r["applicant"], r["decision"]) for r in rows] == [(number, "张*明", "approved")]


@pytest.mark.parametrize("name", INSTANTS)
def test_the_sweep_turns_the_clock_yellow_then_red_on_the_provisional_calendar(db, staff, dept, name):
    moment, deadline = INSTANTS[name]
    item = factories.item(dept, promised=20, statutory=20)
    with pinned(moment):
        case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=PERSON,
                                        actor=staff["clerk"], now=moment)
        task = tasks_open_for_case(case=case).get(data__step="accept")
        flow.task_claim(task_id=task.pk, actor=staff["clerk"], now=moment)
        flow.task_complete(task_id=task.pk, actor=staff["clerk"], decision="accept", now=moment)
    promised = Clock.objects.get(case=case, kind="promised")
    assert promised.projected_deadline == deadline and promised.deadline_provisional
    supervision.clocks_sweep(now=moment + timedelta(minutes=1))  # a 1-day step clock is due at once
    promised.refresh_from_db()
    assert promised.state == "green"
    on_the_last_day = datetime.combine(deadline, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
    supervision.clocks_sweep(now=on_the_last_day)
    promised.refresh_from_db()
    assert promised.state == "yellow"
    supervision.clocks_sweep(now=deadline_end(deadline) + timedelta(seconds=2))
    promised.refresh_from_db()
    statutory = Clock.objects.get(case=case, kind="statutory")
    assert promised.state == "red" and statutory.statutory_breach
    states = list(Card.objects.filter(clock=promised).order_by("at").values_list("to_state", flat=True))
    assert states == ["yellow", "red"]
