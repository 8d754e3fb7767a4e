"""Validation of the applicant block of a filing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.common.errors import DomainError, FieldError
from backend.common.text import text_field
from backend.common.validators import credit_code_error, id_number_error, mobile_error


def applicant_clean(data: dict | None) -> dict:
    """Returns the normalised applicant fields of a Case, or raises DomainError naming each field."""
    if not isinstance(data, dict):
        raise DomainError.single("applicant", "required", _("请填写申请人信息。"))
    errors: list[FieldError] = []
    kind = data.get("type")
    if kind not in ("person", "company"):
        raise DomainError.single("applicant.type", "invalid", _("申请人类型应为 person（个人）或 company（企业）。"))

    def text(key: str, max_len: int) -> str:
        try:
            value = text_field(data.get(key), field=f"applicant.{key}", max_length=max_len, fold=True)
        except DomainError as exc:
            errors.extend(exc.errors)
            return ""
        if not value:
            errors.append(FieldError(f"applicant.{key}", "required", _("此项为必填项。")))
        return value

    name = text("name", 200)
    mobile = text("mobile", 11)
    if mobile and (msg := mobile_error(mobile)):
        errors.append(FieldError("applicant.mobile", "invalid", msg))
    cleaned = {"applicant_type": kind, "applicant_name": name, "mobile": mobile,
               "id_number": "", "credit_code": "", "contact_name": ""}
    if kind == "person":
        id_number = text("id_number", 18).upper()
        if id_number and (msg := id_number_error(id_number)):
            errors.append(FieldError("applicant.id_number", "invalid", msg))
        cleaned["id_number"] = id_number
        cleaned["contact_name"] = name
    else:
        credit_code = text("credit_code", 18).upper()
        if credit_code and (msg := credit_code_error(credit_code)):
            errors.append(FieldError("applicant.credit_code", "invalid", msg))
        cleaned["credit_code"] = credit_code
        cleaned["contact_name"] = text("contact_name", 60)
    if errors:
        raise DomainError(errors)
    return cleaned
