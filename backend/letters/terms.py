"""A letter's clock: the reply limit of its type in working days, from its acceptance, for the
department it was assigned to (supervision.terms)."""

from __future__ import annotations

from backend.catalog.models import ServiceItem
from backend.supervision.terms import CaseTerms

from .models import Letter


def letter_terms(case) -> CaseTerms | None:
    if case.item.category != ServiceItem.Category.LETTER:  # no query for every other case accepted
        return None
    row = Letter.objects.filter(case_id=case.pk).values_list("reply_limit_days", "department_id").first()
    if row is None or row[0] is None:
        return None
    days, department_id = row
    return CaseTerms(promised_days=days, statutory_days=days, start=None, department_id=department_id)
