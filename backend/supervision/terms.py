"""Clock terms other apps set for cases of their own, without supervision importing them.

A case's promised and statutory clocks normally take the guide's limits from the day of acceptance.
An app whose cases run on other terms registers a function here at start-up: a letter (来信) takes its
reply limit from its type (backend.letters); an information request (依申请公开) counts from the
receipt date of 政府信息公开条例 art. 31 (backend.foi). The function takes the case and returns
CaseTerms, or None for a case that is not its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CaseTerms:
    promised_days: int
    statutory_days: int
    start: date | None = None  # the day the term runs from (never counted); None: the day of acceptance
    department_id: int | None = None  # whose clocks they are; None: the item's department


_sources: list[Callable] = []


def register_case_terms(func: Callable) -> None:
    if func not in _sources:
        _sources.append(func)


def case_terms(case) -> CaseTerms | None:
    for func in _sources:
        terms = func(case)
        if terms is not None:
            return terms
    return None
