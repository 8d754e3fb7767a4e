"""The demo's inspection and unit scores (docs/inspection.md, docs/unitscores.md): one inspection
run at the moment the demo is loaded, which finds what the demo catalogue leaves for it (a column
overdue for its update, empty columns, overdue letters and requests) and puts it on the units'
problem lists; and this quarter's unit scores, a draft the disclosure office can recompute. Loading
again changes nothing (a run is made only when there is none; the quarter's card only once)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from backend.inspection.models import InspectionRun
from backend.inspection.services import inspection_run
from backend.unitscores.models import DisclosureScorecard
from backend.unitscores.services import scorecard_compute


def load_inspection(tally, *, now: datetime) -> None:
    if InspectionRun.objects.exists():
        tally.add(InspectionRun._meta.verbose_name, "unchanged")
    else:
        inspection_run(now=now)
        tally.add(InspectionRun._meta.verbose_name, "created")
    today = timezone.localdate(now)
    period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    if DisclosureScorecard.objects.filter(period=period).exists():
        tally.add(DisclosureScorecard._meta.verbose_name, "unchanged")
        return
    scorecard_compute(period=period, now=now)
    tally.add(DisclosureScorecard._meta.verbose_name, "created")
