"""Valid but fictitious identifiers: resident ID numbers (GB 11643), organisation codes
(GB 11714) and unified social credit codes (GB 32100).

Every code uses the administrative division code 990121, which is not assigned to any real
place (the first two digits of real codes stop at 82), so no demo identifier can belong to a
real person or organisation."""

from __future__ import annotations

from backend.common.validators import (
    CREDIT_ALPHABET,
    credit_code_check_char,
    credit_code_error,
    id_number_check_char,
    id_number_error,
)

AREA_CODE = "990121"  # 临河县 (fictitious)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # GB 11714: digits, then A = 10 … Z = 35


def org_code(body8: str) -> str:
    """The 9-character organisation code: 8 characters and the GB 11714 check character."""
    if len(body8) != 8 or any(c not in CREDIT_ALPHABET for c in body8):
        raise ValueError(f"organisation code body must be 8 characters of the credit alphabet: {body8!r}")
    total = sum(_ORG_VALUES.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(registrar_and_kind: str, org_body8: str) -> str:
    """A unified social credit code: 2 characters (registration authority + kind, e.g. 11 机关,
    12 事业单位, 91 企业, 92 个体工商户), the area code, the organisation code, the check character."""
    first17 = registrar_and_kind + AREA_CODE + org_code(org_body8)
    code = first17 + credit_code_check_char(first17)
    if error := credit_code_error(code):
        raise ValueError(f"{code}: {error}")
    return code


def id_number(birth: str, seq: str) -> str:
    """A resident ID number born on `birth` (YYYYMMDD); `seq` is 3 digits, odd for men."""
    first17 = AREA_CODE + birth + seq
    number = first17 + id_number_check_char(first17)
    if error := id_number_error(number):
        raise ValueError(f"{number}: {error}")
    return number


def person(name: str, *, birth: str, seq: str, mobile: str) -> dict:
    """The applicant block of a filing for a natural person."""
    return {"type": "person", "name": name, "id_number": id_number(birth, seq), "mobile": mobile}


def company(name: str, *, kind: str = "91", org: str, contact: str, mobile: str) -> dict:
    """The applicant block of a filing for a company, an institution or an individual business."""
    return {"type": "company", "name": name, "credit_code": credit_code(kind, org),
            "contact_name": contact, "mobile": mobile}
