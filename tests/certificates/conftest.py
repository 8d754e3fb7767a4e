"""Cases carried to 制证 and 送达 through workflows.services at chosen moments (never the wall clock)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.cases import services as case_services
from backend.certificates import services as certificate_services
from tests import factories
from tests.factories import PERSON
from tests.supervision.conftest import act, at, file_case, open_task  # noqa: F401  (shared with the tests)

STEPS = ["accept", "review", "decide", "certify", "deliver"]
# Monday 2 November 2026 onwards: working days inside the seeded calendar.
FILED = at(2026, 11, 2, 9)


def receipt(name: str = "送达回证.pdf", content: bytes = factories.PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def certificate_input(**overrides) -> dict:
    return {"holder": "", "scope": "餐饮服务（热食类食品制售）", "valid_from": "2026-11-04",
            "valid_until": "2031-11-03", **overrides}


def delivery_input(**overrides) -> dict:
    values = {"delivery_method": "window", "delivered_on": "2026-11-05", "recipient": "张小明", "proof": receipt()}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def item(dept):
    return factories.item(dept, steps=STEPS, promised=10, statutory=20)


@pytest.fixture
def decided(item, staff):
    """A case approved on Wednesday 4 November 2026, its 制证 task open."""

    def run(*, approve: bool = True, on_item=None):
        case = file_case(on_item or item, staff, FILED)
        act(case, staff["clerk"], "accept", "accept", at(2026, 11, 2, 10))
        act(case, staff["reviewer"], "review", "done", at(2026, 11, 3))
        act(case, staff["approver"], "decide", "approve" if approve else "deny", at(2026, 11, 4),
            opinion="准予许可" if approve else "不符合法定条件，可依法申请行政复议或提起行政诉讼。")
        return case

    return run


@pytest.fixture
def certified(decided, staff):
    """An approved case whose certificate was issued on 4 November 2026 (送达 open)."""

    def run(**certificate):
        case = decided()
        act(case, staff["clerk"], "certify", "done", at(2026, 11, 4, 15),
            step_input=certificate_input(**certificate))
        return case

    return run


def approved(item, staff, when, applicant=PERSON, approve=True):
    """A case decided at `when` through the case services (no process: 制证 is called directly)."""
    case = case_services.case_file(item_code=item.code, channel="window", applicant=applicant, actor=staff["clerk"],
                                   now=when - timedelta(days=2))
    case_services.case_accept(case=case, actor=staff["clerk"], now=when - timedelta(days=2, hours=-1))
    opinion = "准予许可" if approve else "不符合条件，可依法申请行政复议或提起行政诉讼。"
    return case_services.case_decide(case=case, approve=approve, actor=staff["approver"], now=when, opinion=opinion)


def issue(case, staff, when, **values):
    """制证 for a decided case, valid from `when` (长期有效 unless `valid_until` says otherwise)."""
    values = {"valid_from": when.date().isoformat(), "valid_until": None, **values}
    return certificate_services.certificate_issue(case=case, actor=staff["clerk"], now=when,
                                                  **certificate_input(**values))


def day(y, m, d) -> date:
    return date(y, m, d)
