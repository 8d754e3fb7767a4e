"""The pure rules of the catalogue: limits, who may do what to a document of a column, which state
each step starts from, and when a column is due for an update. No database access here: callers
pass the facts (the user's departments and roles, the column's unit and head)."""

from __future__ import annotations

from datetime import date

from backend.accounts import roles

from .models import Column, Document

TITLE_MAX, DOC_NUMBER_MAX, ORGAN_MAX, TOPIC_MAX = 200, 60, 100, 40
BODY_MAX, OPINION_MAX = 20000, 1000

S = Document.Status
# The state each step starts from.
FROM_STATES = {
    "update": (S.DRAFT,),
    "submit": (S.DRAFT,),
    "review": (S.IN_REVIEW,),
    "sign_off": (S.AWAITING_SIGN_OFF,),
    "withdraw": (S.PUBLISHED,),
    "correct": (S.PUBLISHED,),
}
DECISIONS = ("approve", "return")
# 图解 and 视频 interpretations are their picture or video: an attachment is required.
FORMS_WITH_ATTACHMENT = (Document.InterpretationForm.GRAPHIC, Document.InterpretationForm.VIDEO)


def unit_column(doc: Document) -> Column:
    """The column whose unit answers for the document: an interpretation's policy's column (谁起草谁
    解读: the policy's unit drafts, reviews and signs off its interpretations, whichever column they
    are published in), else its own."""
    return doc.interprets.column if doc.interprets_id else doc.column


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def in_unit(user, column: Column) -> bool:
    """Staff of the column's responsible unit (a column with no unit yet has no one)."""
    return (_active(user) and column.department_id is not None and user.is_staff_member
            and column.department_id in user.department_ids)


def is_head(user, column: Column) -> bool:
    return (_active(user) and column.department_id is not None
            and column.department.head_id is not None and column.department.head_id == user.pk)


def may_draft(user, column: Column) -> bool:
    """The unit's staff draft, edit, submit, withdraw and correct its documents."""
    return column.is_active and (in_unit(user, column) or is_head(user, column))


def may_review(user, column: Column) -> bool:
    """审核: a reviewer of the column's unit."""
    return in_unit(user, column) and user.has_role(roles.REVIEWER)


def may_sign_off(user, column: Column) -> bool:
    """审签: the unit's head (Department.head) only."""
    return is_head(user, column)


def step_allowed(step: str, status: str) -> bool:
    return status in FROM_STATES[step]


def due_on(*, last: date | None, every_days: int | None, day_kind: str, calendar) -> date | None:
    """The day a dynamic column must next be updated by: `every_days` (working days through the one
    calendar, or calendar days) after its last publication. A static column, or one never
    published, has no due day."""
    if last is None or not every_days:
        return None
    return calendar.period_end(last, every_days, calendar_days=day_kind == Column.DayKind.CALENDAR)
