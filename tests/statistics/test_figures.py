"""The figures of a known month: counts, rates and percentiles as a supervisor reads them, computed
here from the plan of the cases; suspensions are not counted as days used."""

import statistics
from datetime import date

import pytest

from backend.statistics.models import CaseFact, StepFact
from backend.statistics.selectors import stats_table
from backend.supervision.models import Card

NOV = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}
# Not whole months: answered straight from the facts.
NOV_FACTS = {"date_from": date(2026, 10, 31), "date_to": date(2026, 11, 30)}


def p90(values):
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def expected(planned, refused_count=1, received_count=7):
    used = [p.used for p in planned]
    return {
        "received": received_count, "accepted": len(planned), "refused": refused_count,
        "completed": len(planned), "on_time": sum(p.on_time for p in planned),
        "on_time_rate": sum(p.on_time for p in planned) / len(planned),
        "early_rate": sum(p.early for p in planned) / len(planned),
        "overdue": sum(not p.on_time for p in planned),
        "mean_days": statistics.mean(used), "median_days": statistics.median(used), "p90_days": p90(used),
        "send_backs": sum(p.send_backs for p in planned), "extensions": sum(1 for p in planned if p.extended),
    }


@pytest.mark.parametrize("period", [NOV, NOV_FACTS], ids=["rollups", "facts"])
def test_department_table_matches_the_cases(swept, dept, period):
    planned, _refused, _received = swept
    (row,) = stats_table(group_by="department", **period)
    assert (row["key"], row["label"]) == (dept.pk, dept.name)
    want = expected(planned)
    for name, value in want.items():
        assert row[name] == pytest.approx(value), name
    assert [p.used for p in planned] == [0, 2, 3, 7, 14]  # the plan is what it says
    reds = Card.objects.filter(case__in=[p.case for p in planned], severity="red", annulled_at__isnull=True).count()
    assert reds >= 1 and row["cards_red"] == reds
    assert row["ratings"] == 0 and row["mean_rating"] is None


def test_suspended_days_are_not_days_used(swept):
    planned, *_ = swept
    suspended = planned[1]
    fact = CaseFact.objects.get(pk=suspended.case.pk)
    assert fact.days_used == 2 == suspended.used  # 5 working days from acceptance, 3 of them suspended
    assert fact.on_time and fact.early


def test_extension_moves_the_deadline_and_is_counted(swept):
    seven = swept[0][3]
    fact = CaseFact.objects.get(pk=seven.case.pk)
    assert (fact.budget_days, fact.extensions, fact.days_used) == (12, 1, 7)


def test_item_and_centre_tables_split_the_same_cases(swept, item, staff):
    planned, *_ = swept
    (by_item,) = stats_table(group_by="item", **NOV)
    assert (by_item["key"], by_item["completed"]) == (item.code, 5)
    (by_centre,) = stats_table(group_by="centre", **NOV)
    assert by_centre["key"] == staff["clerk"].service_centre_id and by_centre["received"] == 7


def test_staff_and_step_tables_from_the_step_facts(swept, staff):
    planned, *_ = swept
    rows = {r["key"]: r for r in stats_table(group_by="step", **NOV)}
    assert rows["review"]["completed"] == 6  # the late case was reviewed twice
    assert rows["decide"]["send_backs"] == 1 and rows["decide"]["completed"] == 6
    assert rows["accept"]["accepted"] == 5 and rows["accept"]["refused"] == 1
    assert rows["review"]["extensions"] is None
    people = {r["key"]: r for r in stats_table(group_by="staff", **NOV)}
    reviewer = people[staff["reviewer"].pk]
    review_days = sorted(StepFact.objects.filter(step="review").values_list("days_used", flat=True))
    assert reviewer["completed"] == 6 and reviewer["median_days"] == pytest.approx(statistics.median(review_days))
    assert reviewer["p90_days"] == pytest.approx(p90(review_days))
    assert people[staff["clerk"].pk]["completed"] == 6 + 5  # 6 acceptances (one refused) and 5 completions


def test_filters_narrow_the_table(swept, dept, item):
    assert stats_table(group_by="department", filters={"item": item.pk}, **NOV)[0]["completed"] == 5
    assert stats_table(group_by="item", filters={"department": dept.pk + 1000}, **NOV) == []
    assert stats_table(group_by="department", filters={"centre": 0}, **NOV) == []  # nothing filed online


def test_a_period_without_completions_has_no_rates(swept):
    (row,) = stats_table(group_by="department", date_from=date(2026, 11, 30), date_to=date(2026, 11, 30))
    assert row["received"] == 1 and row["completed"] == 0
    assert row["on_time_rate"] is None and row["median_days"] is None and row["mean_days"] is None
