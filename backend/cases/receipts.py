"""The acceptance checklist (受理时核验材料): at 受理 the clerk records, for each material the guide
asks for, that it was received — in which form (original, copy, electronic), how many copies, and
whether on paper or electronically. Acceptance with a required material not received is refused
with the list; the acceptance notice lists what was received. Pure rules; the service supplies the
guide's requirements and the files already uploaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from backend.common.errors import DomainError, FieldError

FORMS = ("original", "copy", "electronic")
MEDIA = ("paper", "electronic")
MAX_COPIES = 99
FIELD = "received_materials"


@dataclass(frozen=True)
class Requirement:
    id: int
    name: str
    form: str
    copies: int
    required: bool


def default_entry(requirement: Requirement, *, uploaded: bool) -> dict:
    """The checklist entry a material gets unless the clerk says otherwise: received electronically
    when a file was uploaded for it, else on paper in the form and copies the guide asks for."""
    if uploaded:
        return {"requirement": requirement.id, "form": "electronic", "copies": 1, "medium": "electronic"}
    return {"requirement": requirement.id, "form": requirement.form, "copies": max(1, requirement.copies),
            "medium": "electronic" if requirement.form == "electronic" else "paper"}


def received_from_uploads(requirements: list[Requirement], uploaded: set[int]) -> list[dict]:
    """What the files already uploaded for the case show as received (electronically)."""
    return [default_entry(r, uploaded=True) for r in requirements if r.id in uploaded]


def received_clean(raw, requirements: list[Requirement]) -> list[dict]:
    """The checklist as recorded: each entry names one of the guide's materials once, with a known
    form and medium and 1–99 copies; every required material is there. Errors name the field and
    the material."""
    by_id = {r.id: r for r in requirements}
    if not isinstance(raw, list):
        raise DomainError.single(FIELD, "invalid", _("已收材料应为列表。"))
    errors: list[FieldError] = []
    seen: dict[int, dict] = {}
    for n, entry in enumerate(raw):
        wanted = entry.get("requirement") if isinstance(entry, dict) else None
        requirement = by_id.get(wanted) if type(wanted) is int else None  # not True, "1" or a list
        if requirement is None:
            errors.append(FieldError(f"{FIELD}[{n}].requirement", "invalid", _("不是本事项办事指南所列的申请材料。")))
            continue
        if requirement.id in seen:
            errors.append(FieldError(f"{FIELD}[{n}].requirement", "duplicate",
                                     _("“%(name)s”重复登记。") % {"name": requirement.name}))
            continue
        form = entry.get("form") or requirement.form
        medium = entry.get("medium") or ("electronic" if form == "electronic" else "paper")
        copies = entry.get("copies", default_entry(requirement, uploaded=False)["copies"])
        if form not in FORMS:
            errors.append(FieldError(f"{FIELD}[{n}].form", "invalid",
                                     _("“%(name)s”的材料形式应为原件、复印件或电子件。") % {"name": requirement.name}))
        if medium not in MEDIA:
            errors.append(FieldError(f"{FIELD}[{n}].medium", "invalid",
                                     _("“%(name)s”的收取方式应为纸质或电子。") % {"name": requirement.name}))
        if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
            errors.append(FieldError(f"{FIELD}[{n}].copies", "invalid",
                                     _("“%(name)s”的份数应为 1 至 99 的整数。") % {"name": requirement.name}))
        seen[requirement.id] = {"requirement": requirement.id, "name": requirement.name, "form": form,
                                "copies": copies, "medium": medium}
    missing = [r.name for r in requirements if r.required and r.id not in seen]
    if missing:
        message = _("以下必需材料尚未收到，不能受理：%(list)s。可选择“一次性告知补正”。") % {"list": "、".join(missing)}
        errors.append(FieldError(FIELD, "missing", message))
    if errors:
        raise DomainError(errors)
    return [seen[r.id] for r in requirements if r.id in seen]  # in the guide's order


def describe(entry: dict) -> str:
    """“申请书（原件 1 份，纸质）” for notices and pages."""
    forms = {"original": _("原件"), "copy": _("复印件"), "electronic": _("电子件")}
    media = {"paper": _("纸质"), "electronic": _("电子")}
    return _("%(name)s（%(form)s %(copies)s 份，%(medium)s）") % {
        "name": entry["name"], "form": forms.get(entry["form"], entry["form"]), "copies": entry["copies"],
        "medium": media.get(entry["medium"], entry["medium"])}
