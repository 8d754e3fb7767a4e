"""Builders shared by the annual report tests (no tests here): information requests made directly
as Case + InfoRequest rows, with received and reply dates across a year end, and published results."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from backend.cases.models import Case
from backend.disclosure.models import Publication
from backend.foi.models import InfoRequest
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Mid-January 2027: the 2026 report is due on 31 January.
NOW = datetime(2027, 1, 12, 10, 0, tzinfo=SHANGHAI)
_seq = itertools.count(1)


def at(y, m, d, h=10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=SHANGHAI)


@pytest.fixture
def organ(db):
    return factories.department("gov-office", "县政府办公室")


@pytest.fixture
def other_organ(db):
    return factories.department("edu", "县教育局")


@pytest.fixture
def foi_item(organ):
    return factories.item(organ)


def info_request(item, organ, *, received: date, replied: datetime | None = None, reply_type: str = "",
                 ground: str = "", company: str | None = None, closed: datetime | None = None) -> InfoRequest:
    """A request received on `received` (person unless `company` names the organisation kind:
    commercial, research, …) and, when `replied`, answered then with `reply_type` / `ground`."""
    n = next(_seq)
    filed = datetime(received.year, received.month, received.day, 9, 0, tzinfo=SHANGHAI)
    case = Case.objects.create(
        number=f"FOI{n:06d}", query_code="AB12CD34", item=item, guide=item.guides.first(), channel="online",
        status=Case.Status.IN_PROGRESS,  # the report counts by the request's own dates
        applicant_type="company" if company is not None else "person",
        applicant_name="县某某公司" if company is not None else "张小明", mobile="13812341234", filed_at=filed)
    return InfoRequest.objects.create(
        case=case, organ=organ, channel="online", organisation_kind=company or "", description="某文件",
        form="electronic", delivery_way="email", received_on=received, received_basis="网上提交并确认",
        registered_at=filed, reply_type=reply_type, reply_ground=ground, replied_at=replied,
        closed_at=closed or replied)


def published_result(department, *, decided_on: date, status: str = "published", number: str | None = None):
    """A published 办理结果 (what the relay writes for a completed case), enough for counting."""
    n = next(_seq)
    subject = number or f"CASE{n:06d}"
    return Publication.objects.create(
        kind=Publication.Kind.RESULT, subject=subject, version=1, idempotency_key=f"test-result:{n}",
        status=status, title=f"事项 · {subject}", item_code="ITEM", item_name="事项", department_code=department.code,
        department_name=department.name, decision="approved", decided_on=decided_on, payload={},
        published_at=at(decided_on.year, decided_on.month, decided_on.day),
        updated_at=at(decided_on.year, decided_on.month, decided_on.day))
