"""Each organ's information-request item (政府信息公开申请, one per organ) and its office: the
catalog item on the generic process (受理登记 → 承办 → 审签 → 送达), and who heads the office."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from backend.accounts.models import Department
from backend.accounts.roles import APPROVER, CLERK, REVIEWER
from backend.catalog.models import GuideVersion, LegalBasis, ProcessStep, ServiceItem
from backend.catalog.selectors import process_latest
from backend.catalog.services import draft_steps, process_version_create

from . import rules
from .models import OrganProfile

ITEM_PREFIX = "ZFXXGK-"
ITEM_NAME = "政府信息公开申请"
# (step, role, budget in working days): within the 20 working days of art. 33.
STEPS = (("accept", CLERK, 1), ("handle", REVIEWER, 14), ("sign", APPROVER, 3), ("deliver", CLERK, 2))


def item_code(organ: Department) -> str:
    return f"{ITEM_PREFIX}{organ.code}"[:40]


def is_foi_item(item: ServiceItem) -> bool:
    return item.category == ServiceItem.Category.INFORMATION_REQUEST


@transaction.atomic
def foi_item_ensure(*, organ: Department, now: datetime, actor=None) -> ServiceItem:
    """The organ's item with its guide (20 working days, art. 33) and a published process; made once."""
    item, created = ServiceItem.objects.get_or_create(
        code=item_code(organ), defaults={"name": f"{organ.name}{ITEM_NAME}", "department": organ,
                                         "kind": ServiceItem.Kind.PROMISED,
                                         "category": ServiceItem.Category.INFORMATION_REQUEST})
    if not item.guides.exists():
        guide = GuideVersion.objects.create(
            item=item, version=1, effective_from=date(2019, 5, 15), statutory_limit_days=rules.TERM_DAYS,
            promised_limit_days=rules.TERM_DAYS, fees="不收费（申请数量、频次明显超过合理范围的除外）",
            conditions="公民、法人或者其他组织向本机关申请获取本机关制作或者保存的政府信息",
            process_description="申请 → 受理登记（确认收到申请之日）→ 承办（起草答复）→ 审签 → 送达",
            place=organ.name)
        LegalBasis.objects.create(guide=guide, law="中华人民共和国政府信息公开条例", article="第二十七条至第四十五条")
    if not ProcessStep.objects.filter(item=item).exists():
        for position, (step, role, budget) in enumerate(STEPS):
            ProcessStep.objects.create(item=item, position=position, step=step, department=organ, role=role,
                                       budget_days=budget)
    if process_latest(item=item) is None:
        process_version_create(item=item, steps=draft_steps(item), now=now, actor=actor,
                               note="政府信息公开申请办理流程")
    return item


def profile_of(organ: Department) -> OrganProfile:
    """The organ's profile (unsaved defaults when none is configured)."""
    return OrganProfile.objects.filter(organ=organ).select_related("office_head").first() or OrganProfile(organ=organ)


def office_head(organ: Department):
    """Who heads the organ's disclosure office (批准延期、审签): the profile's office head, else the
    organ's head, else the user named by FOI_OFFICE_HEAD_USERNAME; None when none is configured."""
    profile = profile_of(organ)
    for user in (profile.office_head, organ.head):
        if user is not None and user.is_active:
            return user
    username = getattr(settings, "FOI_OFFICE_HEAD_USERNAME", "")
    if username:
        return get_user_model().objects.filter(username=username, is_active=True).first()
    return None


def is_office_head(user, organ: Department) -> bool:
    """The user approves extensions and signs replies off for the organ: its office head, or — with
    none configured — any approver of the organ."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    head = office_head(organ)
    if head is None:
        return user.has_role(APPROVER) and organ.pk in set(user.department_ids)
    return head.pk == user.pk


def remedy_values(organ: Department) -> dict:
    profile = profile_of(organ)
    return {"reconsideration_organ": profile.reconsideration_organ or getattr(
                settings, "FOI_RECONSIDERATION_ORGAN", "") or "本级人民政府或者上一级主管部门",
            "court": profile.court or getattr(settings, "FOI_COURT", "") or "有管辖权的人民法院"}
