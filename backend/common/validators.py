"""Checksums of Chinese identifiers: resident ID (GB 11643-1999) and unified social credit code
(GB 32100-2015), plus mainland mobile numbers. Each returns an error message or None."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_number_error(value: str) -> str | None:
    value = (value or "").strip().upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        return _("身份证号码应为18位，前17位为数字，最后一位为数字或X。")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("身份证号码中的出生日期无效。")
    if id_number_check_char(value[:17]) != value[17]:
        return _("身份证号码校验位不正确，请核对。")
    return None


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    # A remainder of 0 gives 31, which wraps to the character "0".
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: str) -> str | None:
    value = (value or "").strip().upper()
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        return _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。")
    if credit_code_check_char(value[:17]) != value[17]:
        return _("统一社会信用代码校验位不正确，请核对。")
    return None


def mobile_error(value: str) -> str | None:
    if not MOBILE_RE.match((value or "").strip()):
        return _("手机号码应为以1开头的11位数字。")
    return None


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str) -> date | None:
    """A calendar day written exactly YYYY-MM-DD (Python 3.11's fromisoformat also takes 20261104 and
    2026-W45-3, which no form or import promises); None for anything else."""
    value = (value or "").strip()
    if not ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return None
