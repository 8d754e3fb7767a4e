"""Scorecards for a month from statistics rows built here (the statistics app's own rows are tested
in test_compute_from_statistics.py), and the people who compute, sign off and read them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.scorecards import services
from tests import factories
from tests.scorecards.test_core import row

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=SH)  # early December: November is over
NOVEMBER = datetime(2026, 11, 1).date()


@pytest.fixture
def people(db):
    return {
        "supervisor": factories.user("supervisor", "supervisor"),
        "admin": factories.user("office-admin", "admin"),
        "clerk": factories.user("clerk", "clerk"),
    }


@pytest.fixture
def november_rows():
    return [
        row(11, "县市场监督管理局", completed=40, early_rate=0.8),
        row(12, "县自然资源局", completed=30, on_time_rate=0.9, overdue=3, cards_red=1, mean_rating=3.5),
        row(13, "县林业局", completed=3),
        row(14, "县交通运输局", completed=25, early_rate=0.6),
    ]


@pytest.fixture
def scorecard(people, november_rows):
    return services.scorecard_record(month=NOVEMBER, rows=november_rows, now=NOW, actor=people["supervisor"])


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield NOW
