"""Builders for test data: departments, staff with roles, items with guides and process steps."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth.models import Group
from django.utils import timezone

from backend.accounts.models import Department, ServiceCentre, User
from backend.catalog.models import (
    GuideVersion,
    LegalBasis,
    MaterialRequirement,
    ProcessStep,
    ProcessVersion,
    ServiceItem,
)
from backend.catalog.services import draft_steps, process_version_create
from tests.samples import PDF  # noqa: F401  (re-exported: factories.PDF)

PASSWORD = "tongban-test-pw"
_seq = itertools.count(1)

# Valid identifiers (checksums verified in tests/common/test_validators.py).
PERSON = {"type": "person", "name": "张小明", "id_number": "11010519491231002X", "mobile": "13812341234"}
COMPANY = {"type": "company", "name": "临河县清泉食品有限公司", "credit_code": "91350100M000100Y43",
           "contact_name": "李四", "mobile": "13912345678"}


def department(code: str | None = None, name: str | None = None) -> Department:
    n = next(_seq)
    return Department.objects.create(code=code or f"dept{n}", name=name or f"部门{n}")


def centre() -> ServiceCentre:
    n = next(_seq)
    return ServiceCentre.objects.create(code=f"centre{n}", name=f"服务中心{n}", level="county")


def user(username: str, *roles: str, departments=(), service_centre=None) -> User:
    u = User.objects.create_user(username=username, password=PASSWORD, first_name=username,
                                 service_centre=service_centre)
    for role in roles:
        u.groups.add(Group.objects.get(name=role))
    if departments:
        u.departments.set(departments)
    return u


def item(dept: Department, *, kind: str = "promised", steps=None, promised: int = 10, statutory: int = 20,
         code: str | None = None, joint_departments=(), required_materials: bool = False) -> ServiceItem:
    """An item with a guide listing two materials — optional unless `required_materials`, so that a
    test about something else need not tick them at acceptance (tests/cases/test_acceptance_checklist.py
    does)."""
    n = next(_seq)
    it = ServiceItem.objects.create(code=code or f"ITEM{n:04d}", name=f"测试事项{n}", kind=kind, department=dept)
    guide = GuideVersion.objects.create(
        item=it, version=1, effective_from=date(2020, 1, 1), statutory_limit_days=statutory,
        promised_limit_days=promised, conditions="符合条件", place="县政务服务中心", fees="不收费",
    )
    LegalBasis.objects.create(guide=guide, law="中华人民共和国行政许可法", article="第三十条")
    MaterialRequirement.objects.create(guide=guide, name="申请书", form="original", position=1,
                                       required=required_materials)
    MaterialRequirement.objects.create(guide=guide, name="营业执照", form="copy", position=2,
                                       required=required_materials)
    if steps is None:
        steps = ["accept", "review", "decide", "complete"] if kind != "immediate" else ["accept"]
    roles = ProcessStep.DEFAULT_ROLES
    rows = [(step, dept, roles[step], 1) for step in steps]
    # Joint reviews come right after acceptance, as one parallel group.
    rows[1:1] = [("joint_review", other, "reviewer", 2) for other in joint_departments]
    for position, (step, department, role, budget) in enumerate(rows):
        ProcessStep.objects.create(item=it, position=position, step=step, department=department, role=role,
                                   budget_days=budget)
    publish(it)
    return it


def publish(it: ServiceItem, *, note: str = "") -> ProcessVersion:
    """Publish the item's configured steps as its next process version, as an administrator would
    but without the staffing check (fixtures create staff after items)."""
    return process_version_create(item=it, steps=draft_steps(it), now=timezone.now(), note=note)


def step_input(step: str, now, *, recipient: str = PERSON["name"]) -> dict | None:
    """What 制证 and 送达 record when a test or benchmark carries a case through: the certificate's
    scope and validity; an electronic delivery, confirmed (no receipt scan to upload)."""
    today = timezone.localdate(now)
    if step == "certify":
        return {"scope": "许可范围", "valid_from": today}
    if step == "deliver":
        return {"delivery_method": "electronic", "delivered_on": today, "recipient": recipient,
                "confirmation": "已推送至申请人账户，回执号 TEST-1"}
    return None


def favourable(step: str, *, immediate: bool = False) -> str:
    """The decision that carries a case on at a step: the favourable one, listed first."""
    from workflows.decisions import decisions_for

    return decisions_for(step, immediate=immediate)[0]
