"""Sections other apps add to a case's read model, without the cases app importing them.

Supervision registers "clock" at start-up; the case detail API, the notices and the public pages ask
for sections by name. A section function takes (case, today) and returns a JSON-ready dict or None.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

_sections: dict[str, Callable] = {}


def register_case_section(name: str, func: Callable) -> None:
    _sections[name] = func


def case_section(name: str, case, today: date) -> dict | None:
    func = _sections.get(name)
    return func(case, today) if func else None
