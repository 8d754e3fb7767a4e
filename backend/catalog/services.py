"""Writes to the catalog that are more than a model save: publishing a process version."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.audit import audit
from backend.common.errors import DomainError, FieldError

from .models import ProcessStep, ProcessVersion, ServiceItem
from .process_config import StepSpec, process_config_errors
from .selectors import department_names, guide_current, process_latest, unstaffed_steps
from .versions import same_process


def process_problems(*, item: ServiceItem, specs: list[StepSpec], department_names: dict[int, str],
                     on) -> list[str]:
    """Everything that stops a process from being saved or published, in words: the rules of
    process_config and any step that no active member of staff may do."""
    guide = guide_current(item=item, on=on) if item.pk else None
    errors = process_config_errors(kind=item.kind, steps=specs,
                                   promised_limit_days=guide.promised_limit_days if guide else None,
                                   statutory_limit_days=guide.statutory_limit_days if guide else None)
    for department_id, role, post in dict.fromkeys(unstaffed_steps([(s.department_id, s.role, s.post)
                                                                     for s in specs])):
        names = {"department": department_names.get(department_id, department_id), "role": role, "post": post}
        if post:
            errors.append(_("“%(department)s”没有担任“%(post)s”的在岗人员（角色：%(role)s），请先配置人员。") % names)
        else:
            errors.append(_("“%(department)s”没有可办理该环节的在岗人员（角色：%(role)s），请先配置人员。") % names)
    return errors


def draft_steps(item: ServiceItem) -> list[dict]:
    """The item's steps as configured now (the draft a publication freezes)."""
    return [
        {"step": s.step, "department_id": s.department_id, "role": s.role, "budget_days": s.budget_days,
         "day_kind": s.day_kind, "post": s.post}
        for s in ProcessStep.objects.filter(item=item).order_by("position", "id")
    ]


def draft_problems(*, item: ServiceItem, steps: list[dict], on) -> list[str]:
    """What stops the draft `steps` (draft_steps) from being published today, in words."""
    return process_problems(item=item, specs=[StepSpec(**s) for s in steps], on=on,
                            department_names=department_names(s["department_id"] for s in steps))


def process_version_create(*, item: ServiceItem, steps: list[dict], now: datetime, actor=None,
                           note: str = "") -> ProcessVersion:
    """Version n+1 of the item's process with these steps and the departments they name, unchecked:
    process_publish checks first (test fixtures skip the staffing check)."""
    latest = process_latest(item=item)
    version = ProcessVersion.objects.create(
        item=item, version=(latest.version + 1) if latest else 1, steps=steps, note=note[:300],
        published_at=now, published_by=actor,
    )
    version.departments.set({s["department_id"] for s in steps})
    return version


def process_publish(*, item: ServiceItem, actor, now: datetime, note: str = "") -> ProcessVersion:
    """Publish the item's configured steps as its next process version. Cases filed from now on
    run on it; cases already filed keep the version they were filed under."""
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        steps = draft_steps(item)
        latest = process_latest(item=item)
        if not steps:
            raise DomainError.single("steps", "empty", _("流程尚未配置任何环节，不能发布。"))
        if latest is not None and same_process(latest.steps, steps):
            raise DomainError.single("steps", "unchanged",
                                     _("流程与已发布的第 %(v)s 版相同，无需发布新版本。") % {"v": latest.version})
        problems = draft_problems(item=item, steps=steps, on=timezone.localdate(now))
        if problems:
            raise DomainError([FieldError("steps", "invalid", p) for p in problems])
        version = process_version_create(item=item, steps=steps, now=now, actor=actor, note=note)
        audit("process_published", {"item": item.code, "version": version.version, "steps": steps,
                                     "by": getattr(actor, "username", None)}, now=now)
    return version
