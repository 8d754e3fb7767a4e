"""A county-head mailbox run by the mailbox office, two departments that answer letters, and
letters carried through screening, drafting and sign-off at chosen moments (never the wall clock)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from backend.letters import services as letter_services
from tests import factories
from tests.supervision.conftest import at, open_task  # noqa: F401
from workflows import letters as flow

SH = ZoneInfo("Asia/Shanghai")
WRITTEN = at(2026, 11, 2, 9)  # Monday 2 November 2026
SCREENED = at(2026, 11, 2, 15)
DRAFTED = at(2026, 11, 4, 10)
SIGNED = at(2026, 11, 5, 16)

LETTER = {"letter_type": "consultation", "subject": "老旧小区加装电梯补贴如何申请",
          "body": "我是城关镇幸福小区居民王小红，电话13912345678，想了解加装电梯补贴的申请条件。",
          "writer_name": "王小红", "mobile": "13912345678", "email": "", "may_publish": True}


def pinned(when):
    return time_machine.travel(when, tick=False)


@pytest.fixture(autouse=True)
def _calendar():
    from backend.workcalendar import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def office(db):
    return factories.department("xzxx", "县长信箱办公室")


@pytest.fixture
def housing(db):
    return factories.department("zjj", "县住房和城乡建设局")


@pytest.fixture
def water(db):
    return factories.department("slj", "县水利局")


@pytest.fixture
def people(office, housing, water):
    head = factories.user("zjjhead", "approver", departments=[housing])
    housing.head = head
    housing.save(update_fields=["head"])
    water_head = factories.user("sljhead", "approver", departments=[water])
    water.head = water_head
    water.save(update_fields=["head"])
    return {
        "clerk": factories.user("xxclerk", "clerk", departments=[office]),
        "drafter": factories.user("zjjstaff", "reviewer", departments=[housing]),
        "head": head,
        "water_staff": factories.user("sljstaff", "reviewer", departments=[water]),
        "water_head": water_head,
        "supervisor": factories.user("lettersup", "supervisor"),
        "outsider": factories.user("outsider", "reviewer", departments=[factories.department()]),
    }


@pytest.fixture
def mailbox(office, people):
    return letter_services.mailbox_create(code="xzxx", name="县长信箱", office=office, now=at(2026, 10, 1))


@pytest.fixture
def write(mailbox):
    def run(when=WRITTEN, **changes):
        with pinned(when):
            return flow.letter_write(mailbox_code=mailbox.code, data={**LETTER, **changes}, now=when)
    return run


def task_of(letter, step):
    return open_task(letter.case, step)


@pytest.fixture
def carry(write, people, housing):
    """A letter written and carried as far as `until` (screen, draft, sign)."""

    def run(until="sign", *, classification="general", outcome="answered",
            reply="您好，加装电梯补贴按《县既有住宅加装电梯实施办法》申请，请联系社区。", **changes):
        letter = write(**changes)
        flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["clerk"], accept=True,
                           department_id=housing.pk, now=SCREENED)
        if until == "screen":
            return refreshed(letter)
        flow.letter_draft(task_id=task_of(letter, "handle").pk, actor=people["drafter"], text=reply,
                          classification=classification, outcome=outcome, now=DRAFTED)
        if until == "draft":
            return refreshed(letter)
        flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["head"], approve=True, opinion="同意",
                         now=SIGNED)
        return refreshed(letter)

    return run


def refreshed(letter):
    letter.refresh_from_db()
    letter.case.refresh_from_db()
    return letter


def local(dt):
    return timezone.localtime(dt, SH)
