"""The pure core of rating: what a valid score and comment are, and which case may be rated."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.common.errors import Conflict, DomainError, FieldError

from .models import COMMENT_MAX, Rating


def clean_input(score, comment) -> tuple[int, str]:
    """The score as an int 1–5 and the comment stripped, or a 400 naming each bad field."""
    errors: list[FieldError] = []
    raw = "" if score is None else str(score).strip()
    value = None
    if raw == "":
        errors.append(FieldError("score", "required", _("请选择评分（1 到 5）。")))
    else:
        try:
            value = None if isinstance(score, bool) else int(raw)  # JSON true is no score
        except ValueError:
            value = None
        if value not in Rating.Score.values:
            errors.append(FieldError("score", "invalid", _(
                "评分应为 1 到 5 的整数：1 非常不满意，2 不满意，3 基本满意，4 满意，5 非常满意。")))
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        errors.append(FieldError("comment", "invalid", _("评价内容应为文字。")))
        comment = ""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        message = _("评价内容不能超过 %(n)d 个字（现有 %(m)d 个字）。") % {"n": COMMENT_MAX, "m": len(comment)}
        errors.append(FieldError("comment", "too_long", message))
    if errors:
        raise DomainError(errors)
    return value, comment


def rating_denial(case: Case, *, already_rated: bool) -> DomainError | None:
    """Why the case cannot be rated now, or None."""
    if case.status != Case.Status.COMPLETED:
        return Conflict("not_completed", _("办件办结后才能评价。"))
    if already_rated:
        return Conflict("already_rated", _("该办件已评价，评价提交后不能修改。"))
    return None
