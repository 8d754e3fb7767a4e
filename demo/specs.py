"""The shapes the demo catalog is written in (items, guides, steps, materials, laws), the item
code scheme and the provisions several items cite.

Item codes follow the shape of national item codes: the implementing department's unified
social credit code, then 01 (行政许可), a 4-digit main item, a 3-digit sub-item and a 3-digit
handling item. The departments and their codes are fictitious (see `ids`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .organisation import DEPT_BY_CODE

# Placeholders: the loader dates the guide versions around the moment it runs (catalog.guide_dates).
V1_FROM = date(1, 1, 1)
V2_FROM = date(1, 1, 2)


@dataclass(frozen=True)
class Law:
    law: str
    article: str
    text: str


@dataclass(frozen=True)
class Material:
    name: str
    form: str = "copy"  # original | copy | electronic
    copies: int = 1
    required: bool = True
    note: str = ""


@dataclass(frozen=True)
class Step:
    step: str
    dept: str
    budget: int
    role: str = ""  # empty: ProcessStep.DEFAULT_ROLES
    day_kind: str = "working"  # working | calendar (a 公示 notice period only)


@dataclass(frozen=True)
class Guide:
    version: int
    effective_from: date
    statutory: int
    promised: int
    conditions: str
    process_note: str
    laws: tuple[Law, ...]
    materials: tuple[Material, ...]
    fees: str = "不收费"


@dataclass(frozen=True)
class Item:
    key: str  # stable handle for the demo cases
    code: str
    name: str
    kind: str  # immediate | promised | joint
    dept: str
    enquiry_phone: str
    steps: tuple[Step, ...]
    guides: tuple[Guide, ...]
    # (证照名称, 证书编号规则: backend/certificates/numbering.py) for items with a 制证 step.
    certificate: tuple[str, str] | None = None


def item_code(dept: str, main: int, sub: int = 1, handling: int = 0) -> str:
    return f"{DEPT_BY_CODE[dept].credit_code}01{main:04d}{sub:03d}{handling:03d}"



# -- laws and materials used by several items ----------------------------------------------------
XKF_42 = Law("中华人民共和国行政许可法", "第四十二条",
             "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。"
             "二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。"
             "但是，法律、法规另有规定的，依照其规定。")
ID_PROOF = Material("申请人身份证明（自然人身份证或者营业执照等主体资格证明）", "copy")
PROXY = Material("授权委托书及受托人身份证明", "original", required=False, note="委托他人办理的提供")
