"""The promised completion date a notice states: fixed when the clock started, or derived from the
working-day calendar, with what the applicant must know about it (provisional, moved)."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction

from .extensions import case_section
from .models import Case
from .notice_layout import _cn_date

logger = logging.getLogger("backend.cases.notices")


def _promised_told(case: Case, accepted_on: date) -> date | None:
    """The promised date fixed when the clock started: a reprint after a calendar change, a suspension
    or an extension repeats the promise the applicant was given (DESIGN §3)."""
    clock = case_section("clock", case, accepted_on)
    return clock.get("promised_deadline_told") if clock else None


def _promise_note(case: Case, accepted_on: date, promised_on: date) -> str:
    """What the notice adds to a promised date: that it is provisional (a year ahead has no imported
    holiday notice yet), or, on a reprint after the notice was imported, the date it now stands at."""
    clock = case_section("clock", case, accepted_on)
    if clock is None:
        return _provisional_by_calendar(accepted_on, promised_on)
    if clock.get("promised_deadline_provisional"):
        return clock.get("deadline_note") or ""
    moved = [c for c in clock.get("deadline_changes") or () if c["clock"] == "promised"]
    if moved and moved[-1]["after"] and moved[-1]["after"] != promised_on:
        return f"{moved[-1]['reason']}，现为{_cn_date(moved[-1]['after'])}"
    return ""


def _provisional_by_calendar(accepted_on: date, promised_on: date) -> str:
    try:
        from backend.workcalendar import calendar as workcalendar

        years = workcalendar.refresh_if_stale().provisional_years_between(accepted_on, promised_on)
    except Exception:  # the note is an aid; the notice never fails for it
        logger.warning("notice: provisional check failed", exc_info=True)
        return ""
    if not years:
        return ""
    return f"按法定节假日暂定，国务院办公厅公布 {'、'.join(map(str, years))} 年节假日安排后自动重算"


def _promised_completion(case: Case, accepted_on: date) -> date | None:
    """The promised completion date from the working-day calendar, or None if it cannot be dated.

    The calendar is optional here: a missing module, an uncovered year (CalendarNotCovered) or any
    other failure prints the limit in working days only; a notice is never refused for it.
    """
    days = case.guide.promised_limit_days
    if not days:
        return None
    try:
        from backend.workcalendar import calendar as workcalendar

        load = getattr(workcalendar, "refresh_if_stale", None) or workcalendar.get_calendar
        with transaction.atomic():  # a failed query must not poison the caller's transaction
            return load().add_working_days(accepted_on, days)
    except Exception:  # any calendar failure degrades to "N个工作日"
        logger.warning("notice for %s: promised completion date not computable", case.number, exc_info=True)
        return None


# -- styles --------------------------------------------------------------------------------------
