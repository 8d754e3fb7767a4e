"""The daily and monthly rollups agree with the ledger of facts, the sweep is safe to run twice, and
a table is never stale: a day not yet swept is answered from the facts."""

from datetime import date

from django.db.models import Count, Sum

from backend.statistics import rollups
from backend.statistics.models import CaseFact, DailyRollup, MonthlyRollup, RollupDirtyDay, RollupDirtyMonth
from backend.statistics.selectors import stats_monthly, stats_table
from backend.statistics.services import days_mark_dirty, fact_rating_set

from .conftest import at

NOV = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}
MEASURES = ("received", "accepted", "refused", "completed", "on_time", "early", "overdue", "days_n", "days_sum",
            "hist", "send_backs", "extensions", "cards_yellow", "cards_red", "ratings", "rating_sum")


def _daily():
    return sorted(DailyRollup.objects.values_list("day", "department_id", "item_id", "centre_id", *MEASURES))


def test_facts_mark_their_days_and_the_sweep_clears_them(month):
    days = set(RollupDirtyDay.objects.values_list("day", flat=True))
    assert date(2026, 11, 2) in days and date(2026, 11, 20) in days and date(2026, 11, 30) in days
    result = rollups.rollups_refresh(now=at(2026, 12, 1))
    assert set(result.days) == days and result.months == [date(2026, 11, 1)]
    assert not RollupDirtyDay.objects.exists() and not RollupDirtyMonth.objects.exists()


def test_rollup_totals_equal_the_ledger(swept):
    totals = DailyRollup.objects.aggregate(received=Sum("received"), completed=Sum("completed"),
                                           on_time=Sum("on_time"), days=Sum("days_sum"), refused=Sum("refused"))
    ledger = CaseFact.objects.aggregate(received=Count("pk"), days=Sum("days_used"))
    assert totals["received"] == ledger["received"] == 7
    assert totals["completed"] == CaseFact.objects.filter(completed_date__isnull=False).count() == 5
    assert totals["on_time"] == CaseFact.objects.filter(on_time=True).count()
    assert totals["refused"] == CaseFact.objects.filter(refused=True).count() == 1
    assert totals["days"] == ledger["days"]
    monthly = MonthlyRollup.objects.filter(dimension="department").get()
    assert (monthly.received, monthly.completed, monthly.days_sum) == (7, 5, ledger["days"])
    assert sum(monthly.hist) == 5 and monthly.hist[14] == 1


def test_sweep_is_idempotent(swept):
    before = _daily()
    assert rollups.rollups_refresh(now=at(2026, 12, 1)).days == []  # nothing left to do
    days_mark_dirty(DailyRollup.objects.values_list("day", flat=True), now=at(2026, 12, 2))
    rollups.rollups_refresh(now=at(2026, 12, 2))
    rollups.rollups_refresh(now=at(2026, 12, 2))
    assert _daily() == before


def test_a_day_not_yet_swept_is_counted_from_the_facts(swept):
    planned, *_ = swept
    fact_rating_set(case_id=planned[0].case.pk, score=5, now=at(2026, 12, 3))
    fact_rating_set(case_id=planned[2].case.pk, score=2, now=at(2026, 12, 3))
    assert RollupDirtyDay.objects.filter(day__in=[date(2026, 11, 2), date(2026, 11, 5)]).count() == 2
    (row,) = stats_table(group_by="department", **NOV)
    assert (row["ratings"], row["mean_rating"]) == (2, 3.5)
    rollups.rollups_refresh(now=at(2026, 12, 3))
    assert stats_table(group_by="department", **NOV) == [row]


def test_rollups_and_facts_give_the_same_tables(swept):
    for group_by in ("department", "item", "centre"):
        from_rollups = stats_table(group_by=group_by, **NOV)
        from_facts = stats_table(group_by=group_by, date_from=date(2026, 10, 15), date_to=date(2026, 11, 30))
        assert from_rollups == from_facts


def test_department_by_month(swept, dept):
    rows = stats_monthly("department", year=2026)
    assert [(r["key"], r["month"], r["completed"]) for r in rows] == [(dept.pk, 11, 5)]
    assert rows[0] | {"month": None} == stats_table(group_by="department", **NOV)[0] | {"month": None}
    RollupDirtyMonth.objects.create(month=date(2026, 11, 1), marked_at=at(2026, 12, 1))
    stale = stats_monthly("department", year=2026)  # answered month by month from the facts
    assert [(r["key"], r["month"], r["completed"]) for r in stale] == [(dept.pk, 11, 5)]


def test_the_sweep_is_scheduled_and_runs_as_a_task(db):
    from django_celery_beat.models import PeriodicTask

    from backend.statistics import tasks

    task = PeriodicTask.objects.get(name="statistics: refresh rollups")
    assert task.enabled and task.task == "backend.statistics.tasks.rollups_refresh_task"
    assert tasks.rollups_refresh_task() == {"days": [], "months": []}
