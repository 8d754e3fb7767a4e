"""A new calendar version re-projects every open clock: the report lists moved deadlines and the
cards issued or withdrawn; the promise told at acceptance is kept and the move is logged."""

from io import StringIO

import pytest
from django.core.management import call_command

from backend.supervision import services
from backend.supervision.models import Card, Clock, LogEntry
from backend.supervision.reprojection import clocks_reproject
from backend.workcalendar import services as calendar_services

from .conftest import at

CLOSURE = b"date,kind,name\n2026-10-12,closure,\xe9\x98\xb2\xe6\xb1\x9b\n2026-10-13,closure,x\n2026-10-14,closure,x\n"


def import_closure():
    rows = calendar_services.calendar_file_parse(CLOSURE)
    return calendar_services.calendar_version_create(rows=rows, source="县政府通告〔2026〕7号", note="", actor=None)


def test_a_local_closure_moves_the_deadline_and_withdraws_the_red_card(accepted_case):
    services.clocks_sweep(now=at(2026, 10, 19, 1))
    promised = Clock.objects.get(case=accepted_case, kind="promised")
    assert promised.state == "red"

    import_closure()
    report = clocks_reproject(now=at(2026, 10, 19, 2))

    promised.refresh_from_db()
    assert str(promised.projected_deadline) == "2026-10-21"  # three closed days later
    assert str(promised.promised_deadline) == "2026-10-16"  # the promise told is kept
    assert promised.state == "yellow"
    moved = {(m.case, m.clock): m for m in report.moved}
    assert str(moved[(accepted_case.number, "promised")].after) == "2026-10-21"
    assert [(c.clock, c.from_state, c.to_state) for c in report.cards_withdrawn
            if c.clock == "promised"] == [("promised", "red", "yellow")]
    assert Card.objects.filter(clock=promised, from_state="red", to_state="yellow").count() == 1
    assert LogEntry.objects.filter(kind="clock_reprojected", payload__clock=promised.pk).exists()
    assert LogEntry.objects.filter(kind="calendar_reprojected").count() == 1
    assert "promise told 2026-10-16 kept" in str(report)


def test_nothing_moves_when_the_calendar_change_does_not_touch_open_clocks(accepted_case):
    services.clocks_sweep(now=at(2026, 10, 12, 1))
    rows = calendar_services.calendar_file_parse(b"date,kind,name\n2026-12-24,closure,x\n")
    calendar_services.calendar_version_create(rows=rows, source="test", note="", actor=None)
    report = clocks_reproject(now=at(2026, 10, 12, 2))
    assert report.checked >= 2 and report.moved == [] and report.cards_issued == report.cards_withdrawn == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_import_command_prints_the_report(accepted_case, tmp_path):
    path = tmp_path / "closure.csv"
    path.write_bytes(CLOSURE)
    out = StringIO()
    call_command("calendar", "import", str(path), "--source", "县政府通告", stdout=out)
    text = out.getvalue()
    assert "imported calendar version" in text
    assert "re-projected" in text and f"{accepted_case.number} promised: 2026-10-16 → 2026-10-21" in text
