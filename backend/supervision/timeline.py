"""What happened to a case's clocks, as rows of the case timeline staff see (the portal merges them
with the case events in time order).

Each row is a plain dict, the same shape for every supervision source (clock actions here;
supervision orders add theirs):

    {"at": aware datetime, "kind": str, "label": str, "actor": User | None, "detail": str}

`kind` is one of clock_suspended, clock_resumed, clock_extended, deadline_reprojected (orders add
their own); `label` is what the timeline's event column shows; `actor` None means the process or
the system did it (a special procedure step, a calendar change); `detail` is one line of text.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.cases.models import Case

from . import ledger
from .models import Clock, ClockEntry, DeadlineChange

# Apps above supervision add rows about a case without supervision importing them (a complaint
# letter about the case, a letter's transfer: backend.letters). Each takes the case and returns rows
# of the shape above.
_sources: list = []


def register_timeline_source(func) -> None:
    if func not in _sources:
        _sources.append(func)


def _entry_rows(entry: ClockEntry) -> list[dict]:
    if entry.kind == ClockEntry.Kind.EXTENSION:
        detail = entry.reason
        if entry.approved_by:
            detail += _("；批准人：%(name)s") % {"name": entry.approved_by.display_name}
        return [{"at": entry.created_at, "kind": "clock_extended",
                 "label": _("延期 %(n)s 个工作日") % {"n": entry.days}, "actor": entry.actor, "detail": detail}]
    parts = [entry.reason, _("法律依据：%(basis)s") % {"basis": entry.legal_basis or "—"}]
    if entry.expected_days:
        parts.append(_("预计 %(n)s 个工作日") % {"n": entry.expected_days})
    if entry.approved_by:
        parts.append(_("经 %(name)s 批准") % {"name": entry.approved_by.display_name})
    rows = [{"at": entry.created_at, "kind": "clock_suspended", "label": _("暂停计时"), "actor": entry.actor,
             "detail": "；".join(parts)}]
    if entry.end_date is not None:
        at = entry.ended_at or ledger.day_start(entry.end_date)
        rows.append({"at": at, "kind": "clock_resumed", "label": _("恢复计时"), "actor": entry.ended_by,
                     "detail": _("%(reason)s，%(start)s 至 %(end)s") % {
                         "reason": entry.reason, "start": f"{entry.start_date:%Y-%m-%d}",
                         "end": f"{entry.end_date:%Y-%m-%d}"}})
    return rows


def case_supervision_timeline(case: Case) -> list[dict]:
    """Suspensions, resumptions, extensions and calendar re-projections of the case's clocks, and its
    supervision orders and rectifications (orders_selectors), oldest first. A suspension or
    extension is one row for the case, however many clocks it stopped."""
    from .orders_selectors import case_order_timeline
    from .selectors import deadline_change_reason

    rows: list[dict] = []
    seen: set = set()
    entries = (ClockEntry.objects.filter(clock__case=case).select_related("actor", "approved_by", "ended_by")
               .order_by("created_at", "pk"))
    for entry in entries:
        key = (entry.kind, entry.created_at, entry.reason)
        if key in seen:
            continue
        seen.add(key)
        rows.extend(_entry_rows(entry))
    names = dict(Clock.Kind.choices)
    for change in DeadlineChange.objects.filter(case=case).select_related("clock").order_by("at", "pk"):
        label = names.get(change.clock.kind, "")
        if change.clock.kind == Clock.Kind.STEP:
            label = change.clock.step
        rows.append({"at": change.at, "kind": "deadline_reprojected", "label": _("期限重算"), "actor": None,
                     "detail": _("%(clock)s：%(before)s → %(after)s（%(reason)s）") % {
                         "clock": label, "before": change.before or "—", "after": change.after or "—",
                         "reason": deadline_change_reason(change)}})
    rows.extend(case_order_timeline(case))
    for source in _sources:
        rows.extend(source(case))
    rows.sort(key=lambda r: r["at"])
    return rows
