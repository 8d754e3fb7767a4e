"""A dynamic column's next update is due N working days (the one calendar) or N calendar days
(moved off a rest day) after its last publication; the staff list shows it and flags it overdue."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from backend.directory import rules, selectors
from backend.directory.models import Column
from backend.workcalendar.calendar import refresh_if_stale

from .conftest import draft, publish

pytestmark = pytest.mark.django_db


def test_working_days_skip_the_weekend_and_calendar_days_move_off_a_rest_day(db):
    cal = refresh_if_stale()
    wednesday = date(2026, 11, 4)
    assert rules.due_on(last=wednesday, every_days=5, day_kind="working", calendar=cal) == date(2026, 11, 11)
    assert rules.due_on(last=wednesday, every_days=3, day_kind="calendar", calendar=cal) == date(2026, 11, 9)
    assert rules.due_on(last=wednesday, every_days=None, day_kind="working", calendar=cal) is None
    assert rules.due_on(last=None, every_days=5, day_kind="working", calendar=cal) is None


def test_the_staff_list_shows_the_due_day_and_flags_an_overdue_column(client, people, column):
    publish(people, draft(people))  # signed off Wednesday 4 November 2026; every 5 working days
    assert selectors.column_due_on(Column.objects.get(pk=column.pk)) == date(2026, 11, 11)
    client.force_login(people["drafter"])
    with time_machine.travel("2026-11-11 12:00 +0800", tick=False):
        row = client.get("/directory/").content.decode().split('data-column="zcwj"')[1].split("</tr>")[0]
    assert "2026-11-11" in row and "已逾期" not in row
    with time_machine.travel("2026-11-12 12:00 +0800", tick=False):
        row = client.get("/directory/").content.decode().split('data-column="zcwj"')[1].split("</tr>")[0]
    assert "已逾期" in row
