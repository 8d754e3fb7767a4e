"""The demo's inspection finds the demo catalogue's overdue column and puts it on the unit's list;
an external problem past its term has a red card and an order;
this quarter's unit scores are drafted; loading again changes nothing."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from backend.inspection.models import InspectionRun, Problem
from backend.supervision.models import Order
from backend.unitscores.models import DisclosureScorecard

NOW = datetime(2026, 12, 31, 16, tzinfo=ZoneInfo("Asia/Shanghai"))  # the last working day of the year


def test_the_demo_inspection_finds_the_overdue_column_and_the_quarter_is_scored(db):
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=io.StringIO())
        problems = Problem.objects.filter(check_code="stale_column")
        stale = {(p.column.code, p.department.code, p.status) for p in problems}
        assert ("xzcf", "scjgj", "open") in stale  # published 40 working days ago, due every 10
        assert Problem.objects.filter(check_code="overdue_case").exists()  # the demo's red letter
        external = Problem.objects.get(source="external")  # entered 12 working days ago, due in 10
        assert external.state == "red" and list(external.cards.values_list("to_state", flat=True)) == ["red"]
        order = Order.objects.get(target="problem", source_id=external.pk)
        assert order.department.code == "zjj" and order.issued_by.username == "supervisor"
        card = DisclosureScorecard.objects.get(period="2026Q4")
        assert card.status == "draft"
        call_command("demo_data", stdout=io.StringIO())
    assert InspectionRun.objects.count() == 1 and DisclosureScorecard.objects.count() == 1
    assert Problem.objects.filter(source="external").count() == 1
    assert Order.objects.filter(target="problem").count() == 1
