"""The pure rules of 制证 and 送达: what a certificate's validity and a delivery record must satisfy.

Each check appends FieldErrors naming the field, so a form or an API client learns every problem
at once (DESIGN §4). Dates are compared as dates in Asia/Shanghai; the caller passes today and the
day of the decision, never reading the clock here.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from backend.common.errors import DomainError, FieldError
from backend.common.text import text_field
from backend.common.validators import parse_day

HOLDER_MAX_LENGTH = 200
SCOPE_MAX_LENGTH = 2000
RECIPIENT_MAX_LENGTH = 100
TRACKING_MAX_LENGTH = 40
CONFIRMATION_MAX_LENGTH = 500
REASON_MAX_LENGTH = 2000

WINDOW, POST, ELECTRONIC = "window", "post", "electronic"
METHODS = (WINDOW, POST, ELECTRONIC)
# 窗口领取 and 邮寄 are proved by the signed receipt (送达回证, the postal return receipt), scanned;
# 电子送达 by the platform's confirmation (a receipt number, the applicant's confirmation).
NEEDS_PROOF_FILE = (WINDOW, POST)


def text(errors: list[FieldError], value, *, field: str, max_length: int, required=None) -> str:
    """`value` as clean text (backend.common.text); a problem is added to `errors` instead of
    raised. `required`: the message when it is empty."""
    try:
        cleaned = text_field(value, field=field, max_length=max_length)
    except DomainError as exc:
        errors.extend(exc.errors)
        return ""
    if not cleaned and required:
        errors.append(FieldError(field, "required", required))
    return cleaned


def day(errors: list[FieldError], value, *, field: str, required=None) -> date | None:
    """A date given as a date or as YYYY-MM-DD text; None when empty (an error if `required`)."""
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(FieldError(field, "required", required))
        return None
    if isinstance(value, str) and (parsed := parse_day(value)) is not None:
        return parsed
    errors.append(FieldError(field, "invalid", _("日期应为 YYYY-MM-DD 格式，例如 2026-11-30。")))
    return None


def validity_errors(*, valid_from: date | None, valid_until: date | None, decided_on: date | None) -> list[FieldError]:
    """A certificate is valid from the decision on at the earliest; `valid_until` (None: 长期有效)
    not before `valid_from`."""
    errors: list[FieldError] = []
    if valid_from and decided_on and valid_from < decided_on:
        errors.append(FieldError("valid_from", "before_decision", _("有效期不能早于许可决定日期（%(day)s）。")
                                 % {"day": decided_on.isoformat()}))
    if valid_from and valid_until and valid_until < valid_from:
        errors.append(FieldError("valid_until", "before_start", _("有效期截止日期不能早于起始日期。")))
    return errors


def delivery_date_errors(*, delivered_on: date | None, today: date, decided_on: date | None) -> list[FieldError]:
    """Delivered on a day that has come, and not before the decision it delivers."""
    errors: list[FieldError] = []
    if delivered_on is None:
        return errors
    if delivered_on > today:
        errors.append(FieldError("delivered_on", "in_future", _("送达日期不能晚于今天（%(day)s）。")
                                 % {"day": today.isoformat()}))
    if decided_on and delivered_on < decided_on:
        errors.append(FieldError("delivered_on", "before_decision", _("送达日期不能早于决定日期（%(day)s）。")
                                 % {"day": decided_on.isoformat()}))
    return errors


def delivery_proof_errors(*, method: str, tracking_number: str, has_proof_file: bool,
                          confirmation: str) -> list[FieldError]:
    """What each way of delivery must be proved by."""
    errors: list[FieldError] = []
    if method == POST and not tracking_number:
        errors.append(FieldError("tracking_number", "required", _("邮寄送达须填写邮件运单号。")))
    if method in NEEDS_PROOF_FILE and not has_proof_file:
        errors.append(FieldError("proof", "required",
                                 _("请上传签收的送达回证（邮寄送达为邮件签收回执）的扫描件，PDF、JPEG 或 PNG 格式。")))
    if method == ELECTRONIC and not confirmation:
        errors.append(FieldError("confirmation", "required",
                                 _("电子送达须填写送达确认信息，如平台回执号或申请人的确认记录。")))
    return errors


def tracking_number_error(value: str) -> FieldError | None:
    """Postal tracking numbers are letters and digits (EMS: EA123456789CN; domestic: 13 digits)."""
    if value and not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in value):
        return FieldError("tracking_number", "invalid", _("邮件运单号只能包含字母、数字和连字符。"))
    return None
