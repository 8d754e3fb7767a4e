"""What a publication says: the public, masked snapshot of a guide version or a case's result.

Snapshots are plain JSON so that pages, the API, feeds, webhooks and the static export all show the
same words, and so a later edit of the case or the guide never changes what was published (only a
correction does). Every string in a snapshot goes through `masking.mask_payload`, item and
department names included: the policy covers all published text, not only the person fields.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.cases.extensions import case_section
from backend.cases.models import Case
from backend.catalog.models import GuideVersion
from backend.catalog.selectors import process_steps_published
from backend.certificates.selectors import certificate_public

from .masking import mask_applicant, mask_payload

logger = logging.getLogger(__name__)


def digest(payload: dict) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def guide_payload(guide: GuideVersion) -> dict:
    """Every element of a guide (art. 30): legal basis, conditions, materials, process, limits, fees,
    place, hours and phones. Labels are stored in the site's language; pages translate them."""
    with translation.override(settings.LANGUAGE_CODE):
        return mask_payload(_guide_payload(guide))


def _guide_payload(guide: GuideVersion) -> dict:
    item = guide.item
    return {
        "item": {**_item_facts(item), "kind": item.kind, "kind_label": str(item.get_kind_display())},
        "version": guide.version,
        "effective_from": guide.effective_from.isoformat(),
        "statutory_limit_days": guide.statutory_limit_days,
        "promised_limit_days": guide.promised_limit_days,
        "conditions": guide.conditions,
        "process_description": guide.process_description,
        "steps": [
            {"step": s["step"], "label": s["label"], "department": s["department"], "budget_days": s["budget_days"],
             "day_kind": s.get("day_kind", "working"), "post": s.get("post", "")}
            for s in process_steps_published(item=item)
        ],
        "fees": guide.fees,
        "place": guide.place,
        "hours": guide.hours,
        "enquiry_phone": guide.enquiry_phone,
        "complaint_phone": guide.complaint_phone,
        "legal_bases": [
            {"law": b.law, "article": b.article, "text": b.text}
            for b in guide.legal_bases.order_by("id")
        ],
        "materials": [
            {"name": m.name, "form": m.form, "form_label": str(m.get_form_display()), "copies": m.copies,
             "required": m.required, "note": m.note}
            for m in guide.materials.order_by("position", "id")
        ],
    }


def guide_search_text(payload: dict) -> str:
    parts = [payload["item"]["name"], payload["item"]["code"], payload["item"]["department"]["name"],
             payload["conditions"], payload["process_description"], payload["fees"]]
    parts += [f"{b['law']} {b['article']}" for b in payload["legal_bases"]]
    parts += [m["name"] for m in payload["materials"]]
    return "\n".join(p for p in parts if p)


def clock_figures(case: Case, *, now: datetime) -> dict:
    """Working days used against the promise, as supervision measured them at this moment. Runs in
    the completing transaction: figures that cannot be measured (say, a calendar year not yet
    imported) are left out rather than failing the case's completion. A database error is not
    swallowed: the transaction could not go on anyway."""
    try:
        figures = case_section("clock_figures", case, timezone.localdate(now))
    except DatabaseError:
        raise
    except Exception:
        logger.warning("disclosure: no clock figures for case %s", case.number, exc_info=True)
        figures = None
    if not figures:
        return {"used_working_days": None, "statutory_breach": None}
    return {"used_working_days": figures.get("used_working_days"),
            "statutory_breach": bool(figures.get("statutory_breach"))}


def _item_facts(item) -> dict:
    return {"code": item.code, "name": item.name,
            "department": {"code": item.department.code, "name": item.department.name}}


def notice_payload(case: Case, period: dict) -> dict:
    """A 公示 notice: what was applied for and by whom (masked), the period, and where to send
    comments during it."""
    with translation.override(settings.LANGUAGE_CODE):
        item = case.item
        calendar_days = period.get("day_kind") == "calendar"
        unit = _("个自然日") if calendar_days else _("个工作日")
        applicant = mask_applicant(applicant_type=case.applicant_type, name=case.applicant_name)
        return mask_payload({
            "case_number": case.number,
            "title": _("%(item)s 公示（%(applicant)s）") % {"item": item.name, "applicant": applicant},
            "item": _item_facts(item),
            "applicant": applicant,
            "applicant_type": case.applicant_type,
            "starts_on": period["period_starts_on"],
            "ends_on": period["period_ends_on"],
            "period_days": period["period_days"],
            "day_kind": "calendar" if calendar_days else "working",
            "text": _("%(applicant)s 申请办理“%(item)s”（办件编号 %(number)s），现予公示，公示期 %(days)s %(unit)s，"
                      "自 %(start)s 至 %(end)s。公示期间，任何单位和个人对该申请有异议的，可向%(department)s书面提出，"
                      "并说明理由。") % {
                "applicant": applicant, "item": item.name, "number": case.number, "days": period["period_days"],
                "unit": unit, "start": period["period_starts_on"], "end": period["period_ends_on"],
                "department": item.department.name},
            "contact_phone": case.guide.complaint_phone or case.guide.enquiry_phone,
        })


def result_payload(case: Case, *, now: datetime, clock: dict | None = None) -> dict:
    """A permit decision (art. 40): item, case number, masked applicant, decision and date, and the
    certificate issued (number, validity, whether revoked), if any."""
    with translation.override(settings.LANGUAGE_CODE):
        return mask_payload(_result_payload(case, now=now, clock=clock))


def _result_payload(case: Case, *, now: datetime, clock: dict | None = None) -> dict:
    item = case.item
    completed = timezone.localtime(case.completed_at or now)
    figures = clock if clock is not None else clock_figures(case, now=now)
    return {
        "case_number": case.number,
        "item": _item_facts(item),
        "applicant": mask_applicant(applicant_type=case.applicant_type, name=case.applicant_name),
        "applicant_type": case.applicant_type,
        "credit_code": case.credit_code if case.applicant_type == Case.ApplicantType.COMPANY else "",
        "decision": case.decision,
        "decision_label": str(Case.Decision(case.decision).label) if case.decision else "",
        "decided_on": completed.date().isoformat(),
        "completed_at": completed.isoformat(),
        "promised_limit_days": case.guide.promised_limit_days,
        "statutory_limit_days": case.guide.statutory_limit_days,
        "used_working_days": figures.get("used_working_days"),
        "statutory_breach": figures.get("statutory_breach"),
        "certificate": certificate_public(case),
    }
