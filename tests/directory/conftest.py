"""A county with two units: the housing bureau keeps the 政策文件 column (a drafter, a reviewer and
its head), the water bureau another; a supervisor, and documents carried through the steps at
pinned moments (never the wall clock)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.directory import services
from backend.directory.models import Column
from backend.disclosure.outbox import relay_due
from tests import factories

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10, minute=0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SH)


DRAFTED = at(2026, 11, 2, 9)
SUBMITTED = at(2026, 11, 2, 11)
REVIEWED = at(2026, 11, 3, 10)
SIGNED = at(2026, 11, 4, 16)

DOC = {"column": "zcwj", "title": "关于老旧小区加装电梯补贴的实施办法", "doc_number": "临建〔2026〕12号",
       "issuing_organ": "县住房和城乡建设局", "written_on": "2026-10-28", "effective_from": "2026-12-01",
       "topic": "城乡建设",
       "body": "一、补贴对象为城关镇老旧小区。\n联系人：张三丰，电话13912345678，身份证11010519491231002X。"}


def pinned(when):
    return time_machine.travel(when, tick=False)


@pytest.fixture
def housing(db):
    return factories.department("zjj", "县住房和城乡建设局")


@pytest.fixture
def water(db):
    return factories.department("slj", "县水利局")


@pytest.fixture
def people(housing, water):
    head = factories.user("zjjhead", "approver", departments=[housing])
    housing.head = head
    housing.save(update_fields=["head"])
    water_head = factories.user("sljhead", "approver", departments=[water])
    water.head = water_head
    water.save(update_fields=["head"])
    return {
        "drafter": factories.user("zjjclerk", "clerk", departments=[housing]),
        "reviewer": factories.user("zjjreviewer", "reviewer", departments=[housing]),
        "head": head,
        "water_staff": factories.user("sljreviewer", "reviewer", departments=[water]),
        "water_head": water_head,
        "supervisor": factories.user("catsup", "supervisor"),
        "applicant": factories.user("resident", "applicant"),
    }


@pytest.fixture
def column(people, housing):
    col = Column.objects.get(code="zcwj")  # seeded by the migration (a policy column: see policy_column)
    col.department, col.owner, col.update_every_days = housing, people["drafter"], 5
    col.requires_interpretation = False  # these tests are about the catalogue, not interpretations
    col.save()
    return col


@pytest.fixture
def water_column(people, water):
    col = Column.objects.get(code="czzj")
    col.department = water
    col.save()
    return col


def draft(people, data=None, when=DRAFTED, actor="drafter"):
    with pinned(when):
        return services.document_draft(data={**DOC, **(data or {})}, actor=people[actor], now=when)


def relay(when):
    with pinned(when):
        return relay_due(now=when)


def publish(people, doc, *, head="head", reviewer="reviewer", when=SIGNED):
    """Submit, review and sign off `doc`, then let the outbox relay publish it."""
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
    with pinned(REVIEWED):
        services.document_review(document=doc, decision="approve", opinion="同意", actor=people[reviewer],
                                 now=REVIEWED)
    with pinned(when):
        doc = services.document_sign_off(document=doc, decision="approve", opinion="同意公开", actor=people[head],
                                         now=when)
    relay(when)
    return doc
