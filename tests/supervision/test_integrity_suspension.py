"""A suspension never hides that a case was already overdue: the clock stays red (and says it is
suspended too), the red cards and the statutory breach stand through the suspension and after it."""

from datetime import date

import time_machine
from django.test import Client

from backend.supervision import actions, services
from backend.supervision.models import Card, Clock
from backend.supervision.selectors import case_clock_summary

from .conftest import at


def travel(moment):
    return time_machine.travel(moment, tick=False)


def promised(case) -> Clock:
    return Clock.objects.get(case=case, kind="promised")


def suspend(case, user, moment, procedure="expert_review", days=5):
    with travel(moment):
        return actions.case_clock_suspend(case=case, procedure=procedure, detail="水资源论证", actor=user, now=moment,
                                          expected_days=days)


def test_an_overdue_case_stays_red_while_suspended_and_after(accepted_case, staff):
    services.clocks_sweep(now=at(2026, 10, 19, 1))  # the promised deadline 2026-10-16 has passed
    assert promised(accepted_case).state == "red"
    red_cards = list(Card.objects.filter(clock=promised(accepted_case)).values_list("pk", "to_state"))
    assert ("red" in {s for _pk, s in red_cards})

    suspend(accepted_case, staff["reviewer"], at(2026, 10, 20, 9))
    summary = case_clock_summary(accepted_case, date(2026, 10, 22))
    assert (summary["state"], summary["is_suspended"]) == ("red", True)
    services.clocks_sweep(now=at(2026, 10, 22, 9))
    assert promised(accepted_case).state == "red"

    with travel(at(2026, 10, 23, 9)):
        actions.case_clock_resume(case=accepted_case, actor=staff["reviewer"], now=at(2026, 10, 23, 9))
    summary = case_clock_summary(accepted_case, date(2026, 10, 23))
    assert (summary["state"], summary["is_suspended"]) == ("red", False)
    # No card flipped the clock to "suspended" and back: the red card stands, alone and unannulled.
    after = list(Card.objects.filter(clock=promised(accepted_case)).values_list("pk", "to_state"))
    assert after == red_cards
    assert not Card.objects.filter(clock=promised(accepted_case), annulled_at__isnull=False).exists()


def test_a_suspension_after_a_friday_deadline_does_not_turn_it_green_again(accepted_case, staff):
    """Deadline Friday 16 October; stopped on Saturday 17, resumed on Tuesday 20: the ledger moves
    the deadline by Monday and Tuesday, yet the case was overdue before time stopped."""
    suspend(accepted_case, staff["approver"], at(2026, 10, 17, 10))
    assert promised(accepted_case).state == "red"
    with travel(at(2026, 10, 20, 10)):
        actions.case_clock_resume(case=accepted_case, actor=staff["reviewer"], now=at(2026, 10, 20, 10))
    clock = promised(accepted_case)
    assert str(clock.projected_deadline) == "2026-10-20"  # the arithmetic of DESIGN §3 is unchanged
    assert clock.state == "red"
    services.clocks_sweep(now=at(2026, 10, 21, 10))
    assert promised(accepted_case).state == "red"


def test_a_statutory_breach_stands_through_a_suspension(accepted_case, staff):
    statutory = Clock.objects.get(case=accepted_case, kind="statutory")
    services.clocks_sweep(now=at(2026, 11, 2, 1))
    statutory.refresh_from_db()
    assert statutory.statutory_breach and statutory.state == "red"
    suspend(accepted_case, staff["reviewer"], at(2026, 11, 2, 9))
    statutory.refresh_from_db()
    assert statutory.statutory_breach and statutory.state == "red"
    with travel(at(2026, 11, 5, 9)):
        actions.case_clock_resume(case=accepted_case, actor=staff["reviewer"], now=at(2026, 11, 5, 9))
    statutory.refresh_from_db()
    assert statutory.statutory_breach and statutory.state == "red"
    assert case_clock_summary(accepted_case, date(2026, 11, 5))["statutory_breach"]


def test_a_case_within_its_time_shows_suspended(accepted_case, staff):
    suspend(accepted_case, staff["reviewer"], at(2026, 10, 12, 9))
    summary = case_clock_summary(accepted_case, date(2026, 10, 13))
    assert (summary["state"], summary["is_suspended"]) == ("suspended", True)


def test_the_board_and_the_api_show_it_overdue_and_suspended(accepted_case, staff, api):
    services.clocks_sweep(now=at(2026, 10, 19, 1))
    suspend(accepted_case, staff["reviewer"], at(2026, 10, 20, 9))
    with travel(at(2026, 10, 20, 10)):
        rows = api(staff["supervisor"]).get("/api/v1/supervision/clocks/?state=suspended").json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        mine = [r for r in rows if r["case"] == accepted_case.number and r["kind"] == "promised"]
        assert [(r["state"], r["is_suspended"]) for r in mine] == [("red", True)]
        red = api(staff["supervisor"]).get("/api/v1/supervision/clocks/?state=red").json()
        red = red["results"] if isinstance(red, dict) else red
        assert any(r["case"] == accepted_case.number and r["is_suspended"] for r in red)
        client = Client()
        client.force_login(staff["supervisor"])
        for state in ("red", "suspended"):
            page = client.get(f"/supervision/?state={state}").content.decode()
            assert accepted_case.number in page, state
            assert "clock clock-red" in page and "clock clock-suspended" in page, state
        case_page = client.get(f"/cases/{accepted_case.number}/").content.decode()
        assert "clock clock-red" in case_page and "clock clock-suspended" in case_page
