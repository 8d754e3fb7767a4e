"""What other apps add to cases without the cases app importing them.

Sections of a case's read model: supervision registers "clock" at start-up, certificates
"certificate" and "delivery"; the case detail API, the notices and the public pages ask for
sections by name. A section function takes (case, today) and returns a JSON-ready dict or None.
Completion checks: see register_completion_check.
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


# Checks other apps add before a case may be completed (办结): each takes the case and returns
# None, or (code, message) saying why it may not be completed yet. The certificates app registers
# one: a process with a 送达 step completes only once the delivery is recorded.
_completion_checks: list[Callable] = []


def register_completion_check(check: Callable) -> None:
    if check not in _completion_checks:
        _completion_checks.append(check)


def completion_denial(case) -> tuple[str, str] | None:
    for check in _completion_checks:
        denial = check(case)
        if denial:
            return denial
    return None
