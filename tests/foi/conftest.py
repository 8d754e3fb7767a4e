"""An organ with its disclosure office: a clerk who registers, an officer who drafts, the office head
who extends and signs off; its information-request item on the generic process. Every moment is
passed in (never the wall clock)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backend.foi.models import OrganProfile
from backend.foi.organs import foi_item_ensure
from backend.workcalendar import calendar
from tests import factories
from workflows import foi as flow

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10, minute=0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SH)


REQUEST = {"description": "2025年度本局行政处罚案件统计表", "form": "electronic", "delivery_way": "email",
           "email": "zhang@example.com"}


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def organ(db):
    return factories.department("envbureau", "临河县生态环境局")


@pytest.fixture
def office(organ):
    clerk = factories.user("foiclerk", "clerk", departments=[organ])
    officer = factories.user("foiofficer", "reviewer", departments=[organ])
    head = factories.user("foihead", "approver", departments=[organ])
    other = factories.user("otherapprover", "approver", departments=[organ])
    applicant = factories.user("citizen", "applicant")
    OrganProfile.objects.create(organ=organ, office_name="办公室", address="临河县人民路1号", postcode="123000",
                                phone="0000-1234567", office_head=head, reconsideration_organ="临河县人民政府",
                                court="临河县人民法院")
    foi_item_ensure(organ=organ, now=at(2026, 1, 5))
    return {"clerk": clerk, "officer": officer, "head": head, "other": other, "applicant": applicant}


def file_in_person(organ, office, now, **data):
    return flow.foi_file(organ_id=organ.pk, channel="in_person", applicant=factories.PERSON,
                         data={**REQUEST, **data}, actor=office["clerk"], now=now)


def file_online(organ, office, now, **data):
    return flow.foi_file(organ_id=organ.pk, channel="online", applicant=factories.PERSON,
                         data={**REQUEST, **data}, actor=office["applicant"], now=now)


def clock_of(request, kind="statutory"):
    from backend.supervision.models import Clock

    return Clock.objects.get(case=request.case, kind=kind)
