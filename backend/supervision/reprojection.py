"""Re-projecting open clocks when the calendar changes (DESIGN §3, time ledger).

A new calendar version can move derived deadlines (a new year's holidays, a local closure). Every open
clock is re-derived at once by the sweep, so moved deadlines and the cards they cause are written the
usual way (compare-and-set, a card per state change, "clock_reprojected" log entries). The promised
date told to the applicant (Clock.promised_deadline) is never rewritten. The report says what moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F

from . import hashlog, services
from .models import Card, Clock

SEVERITY = {Clock.State.GREEN: 0, Clock.State.YELLOW: 1, Clock.State.RED: 2}


@dataclass(frozen=True)
class MovedDeadline:
    case: str
    clock: str  # "promised", "statutory" or the step
    before: date | None
    after: date | None
    promise_told: date | None


@dataclass(frozen=True)
class CardChange:
    case: str
    clock: str
    from_state: str
    to_state: str


@dataclass
class ReprojectionReport:
    checked: int = 0
    moved: list[MovedDeadline] = field(default_factory=list)
    cards_issued: list[CardChange] = field(default_factory=list)
    cards_withdrawn: list[CardChange] = field(default_factory=list)
    uncovered: int = 0  # clocks whose deadline needs a year the calendar lacks

    def lines(self) -> list[str]:
        out = [f"re-projected {self.checked} open clock(s): {len(self.moved)} deadline(s) moved, "
               f"{len(self.cards_issued)} card(s) issued, {len(self.cards_withdrawn)} withdrawn"
               + (f", {self.uncovered} not computable (calendar alarm)" if self.uncovered else "")]
        for m in self.moved:
            kept = f" (promise told {m.promise_told:%Y-%m-%d} kept)" if m.promise_told else ""
            out.append(f"  moved    {m.case} {m.clock}: {m.before or '—'} → {m.after or '—'}{kept}")
        for c in self.cards_issued:
            out.append(f"  issued   {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        for c in self.cards_withdrawn:
            out.append(f"  withdrawn {c.case} {c.clock}: {c.from_state} → {c.to_state}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _label(clock: Clock) -> str:
    return clock.step if clock.kind == Clock.Kind.STEP else clock.kind


@transaction.atomic
def clocks_reproject(*, now: datetime, version: int | None = None) -> ReprojectionReport:
    """Re-derive every open clock against the current calendar and report the differences.
    Holds the log head for the whole run, so a concurrent sweep waits instead of racing it."""
    hashlog.lock_head()
    open_clocks = Clock.objects.filter(completed_at__isnull=True)
    before = {pk: (deadline, state) for pk, deadline, state in
              open_clocks.values_list("pk", "projected_deadline", "state")}
    open_clocks.update(next_change_at=now)
    result = services.clocks_sweep(now=now)
    report = ReprojectionReport(checked=len(before), uncovered=result.failed)
    changed = Clock.objects.filter(pk__in=list(before)).select_related("case").only(
        "pk", "kind", "step", "projected_deadline", "promised_deadline", "case__number")
    for clock in changed.iterator(chunk_size=2000):
        old_deadline, _ = before[clock.pk]
        if clock.projected_deadline != old_deadline:
            report.moved.append(MovedDeadline(clock.case.number, _label(clock), old_deadline,
                                              clock.projected_deadline, clock.promised_deadline))
    state_changes = Card.objects.filter(at=now, clock_id__in=list(before)).exclude(severity="reminder")
    for card in state_changes.exclude(from_state=F("to_state")).select_related("clock", "case"):
        change = CardChange(card.case.number, _label(card.clock), card.from_state, card.to_state)
        worse = SEVERITY.get(card.to_state, -1) > SEVERITY.get(card.from_state, -1)
        (report.cards_issued if worse else report.cards_withdrawn).append(change)
    hashlog.append("calendar_reprojected", {
        "version": version, "checked": report.checked, "uncovered": report.uncovered,
        "moved": [[m.case, m.clock, m.before, m.after] for m in report.moved],
        "cards_issued": len(report.cards_issued), "cards_withdrawn": len(report.cards_withdrawn),
    }, now=now)
    return report
