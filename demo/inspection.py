"""The demo's inspection and unit scores (docs/inspection.md, docs/unitscores.md): one inspection
run at the moment the demo is loaded, which finds what the demo catalogue leaves for it (a column
overdue for its update, empty columns, overdue letters and requests) and puts it on the units'
problem lists; an external evaluation's problem entered 12 working days ago, past its term, so the
sweep gives it a red card and the supervisor has ordered the unit on it; and this quarter's unit
scores, a draft the disclosure office can recompute. Loading again changes nothing (a run is made
only when there is none; the external problem and the quarter's card only once)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from backend.accounts.models import User
from backend.inspection.models import InspectionRun, Problem
from backend.inspection.services import inspection_run, problem_enter_external, problem_order_issue
from backend.inspection.sweep import problems_sweep
from backend.unitscores.models import DisclosureScorecard
from backend.unitscores.services import scorecard_compute

EXTERNAL = {"department": "zjj", "column": "zcjd", "report_name": "2026年度全市政务公开第三方评估报告",
            "indicator": "政策解读·解读形式", "score_lost": "1.50",
            "description": "政策解读栏目仅有文字解读，缺少图解、问答等多样化解读形式。"}


def load_inspection(tally, *, now: datetime, clock) -> None:
    if InspectionRun.objects.exists():
        tally.add(InspectionRun._meta.verbose_name, "unchanged")
    else:
        inspection_run(now=now)
        tally.add(InspectionRun._meta.verbose_name, "created")
    if Problem.objects.filter(source=Problem.Source.EXTERNAL, report_name=EXTERNAL["report_name"]).exists():
        tally.add(Problem._meta.verbose_name, "unchanged")
    else:
        entered = clock.at(clock.before(clock.today, 12), "10:00")
        office = User.objects.get(username="admin")
        problem = problem_enter_external(actor=office, now=entered, days=10, **EXTERNAL)
        problems_sweep(now=now)  # past its term: a red card now
        problem_order_issue(problem=problem, actor=User.objects.get(username="supervisor"), now=now,
                            requirement="五个工作日内补充图解、问答解读并回告。", days=5)
        tally.add(Problem._meta.verbose_name, "created")
    today = timezone.localdate(now)
    period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    if DisclosureScorecard.objects.filter(period=period).exists():
        tally.add(DisclosureScorecard._meta.verbose_name, "unchanged")
        return
    scorecard_compute(period=period, now=now)
    tally.add(DisclosureScorecard._meta.verbose_name, "created")
