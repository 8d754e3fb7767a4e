"""The sweep flips clocks whose next change has come: once per change, however often it runs."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections

from backend.supervision import derivation, hashlog, services
from backend.supervision.models import Card, Clock, LogEntry
from backend.supervision.selectors import case_clock_summary

from .conftest import at


def _promised(case):
    return Clock.objects.get(case=case, kind="promised")


def _cards(clock):
    return list(Card.objects.filter(clock=clock).order_by("id").values_list("from_state", "to_state"))


def test_nothing_changes_before_the_clock_is_due(accepted_case):
    services.clocks_sweep(now=at(2026, 10, 13, 23, 59))
    assert _promised(accepted_case).state == "green"
    assert _cards(_promised(accepted_case)) == []


def test_promised_clock_turns_yellow_then_red_and_each_card_is_issued_once(accepted_case, staff):
    for _ in range(2):
        services.clocks_sweep(now=at(2026, 10, 14, 0, 1))
    clock = _promised(accepted_case)
    assert clock.state == "yellow" and clock.next_change_at == at(2026, 10, 17, 0, 0)
    assert _cards(clock) == [("green", "yellow")]

    for _ in range(2):
        services.clocks_sweep(now=at(2026, 10, 17, 0, 0))
    clock = _promised(accepted_case)
    assert clock.state == "red" and clock.next_change_at is None
    assert _cards(clock) == [("green", "yellow"), ("yellow", "red")]
    card = Card.objects.filter(clock=clock).order_by("id").last()
    assert card.department_id == accepted_case.item.department_id and card.at == at(2026, 10, 17, 0, 0)
    assert LogEntry.objects.filter(kind="card", payload__clock=clock.pk).count() == 2


def test_a_late_sweep_goes_straight_to_red_with_one_card(accepted_case):
    services.clocks_sweep(now=at(2026, 10, 20))
    assert _cards(_promised(accepted_case)) == [("green", "red")]
    assert _promised(accepted_case).state == "red"


def test_statutory_deadline_passed_sets_the_breach_flag(accepted_case):
    services.clocks_sweep(now=at(2026, 10, 31, 0, 0))
    statutory = Clock.objects.get(case=accepted_case, kind="statutory")
    assert statutory.statutory_breach and statutory.state == "red"
    assert case_clock_summary(accepted_case, date(2026, 10, 31))["statutory_breach"] is True
    assert LogEntry.objects.filter(kind="statutory_breach").exists()


def test_step_clocks_warn_the_responsible_department(accepted_case):
    services.clocks_sweep(now=at(2026, 9, 28, 10, 1))  # the 1-day review step starts with ≤ 1 day left
    review = Clock.objects.get(case=accepted_case, kind="step", step="review")
    assert review.state == "yellow"
    assert Card.objects.get(clock=review).department_id == review.department_id


def test_compare_and_set_never_flips_the_same_row_twice(accepted_case):
    stale = _promised(accepted_case)
    services.clocks_sweep(now=at(2026, 10, 14, 1))
    cards, logs = [], []
    derived = derivation._derive(stale, calendar=derivation.refresh_if_stale(), now=at(2026, 10, 14, 1))
    assert derivation._apply([(stale, derived)], now=at(2026, 10, 14, 1), cards=cards, logs=logs) == 0
    assert cards == [] and logs == []


def test_a_clock_beyond_the_calendar_is_pushed_forward_not_crash_looped(accepted_case):
    """Beyond 2099 neither a notice nor the statutory rule reaches: the clock records the alarm."""
    broken = services.clock_open(case=accepted_case, kind="step", step="inspection", budget_days=20,
                                 now=at(2099, 12, 20))
    assert broken.projected_deadline is None and broken.next_change_at == at(2099, 12, 21)
    assert LogEntry.objects.filter(kind="clock_opened", payload__clock=broken.pk, payload__alarm__isnull=False)
    now = at(2099, 12, 22)
    first = services.clocks_sweep(now=now)
    assert first.failed == 1
    broken.refresh_from_db()
    assert broken.next_change_at == now + timedelta(days=1)
    assert services.clocks_sweep(now=now).failed == 0  # not re-selected until the retry time
    assert LogEntry.objects.filter(kind="sweep_error", payload__clock=broken.pk).count() == 1


def test_sweep_processes_more_clocks_than_one_batch(accepted_case):
    due = Clock.objects.filter(next_change_at__lte=at(2026, 10, 20)).count()
    assert due == 2  # the promised clock and the review step; the statutory clock is still green
    result = services.clocks_sweep(now=at(2026, 10, 20), batch=1)
    assert (result.processed, result.changed) == (2, 2)
    assert not Clock.objects.filter(next_change_at__lte=at(2026, 10, 20)).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweepers_issue_each_card_once(accepted_case):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    template = Clock.objects.get(case=accepted_case, kind="promised")
    Clock.objects.bulk_create(
        Clock(case=accepted_case, kind="step", step="review", department_id=template.department_id, budget_days=10,
              start_date=template.start_date, promised_deadline=template.promised_deadline,
              projected_deadline=template.projected_deadline, next_change_at=template.next_change_at,
              created_at=template.created_at)
        for _ in range(300)
    )
    now = at(2026, 10, 14, 1)
    due = Clock.objects.filter(next_change_at__lte=now).count()
    results, errors = [], []

    def sweeper():
        try:
            results.append(services.clocks_sweep(now=now, batch=25))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweeper) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.changed for r in results) == due
    assert Card.objects.count() == due
    assert Card.objects.values("clock").distinct().count() == due
    assert hashlog.verify().ok
