"""Scores from the database's figures: the clean unit above the one with a stale column, an open
overdue problem and a late letter; a veto caps; the quarter's boundary."""

from datetime import date

from backend.unitscores import selectors, services
from tests.unitscores.conftest import NOW, at, clocked_case, pinned, problem


def _rows(scorecard):
    return {row["label"]: row for row in scorecard.computed_rows}


def _points(row):
    return {i["name"]: i["points"] for i in row["indicators"]}


def test_a_stale_column_an_open_overdue_problem_and_a_late_letter_score_below_a_clean_unit(county):
    with pinned(NOW):
        card = services.scorecard_compute(period="2026Q4", now=NOW)
    rows = _rows(card)
    water, housing = rows["县水利局"], rows["县住建局"]
    assert water["score"] == 100.0 and water["rank"] == 1
    assert housing["score"] < water["score"] and housing["rank"] == 2
    points = _points(housing)
    assert points["column_freshness"] == 0.0  # the stale column
    assert points["rectification_timeliness"] == 0.0  # the open problem past its due day
    assert points["findings_per_column"] == 50.0  # one finding for one column
    assert points["letter_reply_rate"] == 100.0 and points["letter_on_time_rate"] == 0.0  # replied, late
    assert [e["label"] for e in card.circular["commended"]] == ["县水利局"]
    assert [e["label"] for e in card.circular["criticised"]] == ["县住建局"]  # below 60


def test_a_veto_item_caps_the_score_and_fails_the_unit(county):
    water = county["water"]
    problem(water, opened=at(2026, 12, 1), due=date(2027, 1, 15), check_code="unmasked_personal_data")
    with pinned(NOW):
        row = _rows(services.scorecard_compute(period="2026Q4", now=NOW))["县水利局"]
    assert row["raw_score"] > 59
    assert row["score"] == 59 and row["failed"] is True
    assert [v["name"] for v in row["vetoes"]] == ["unmasked_personal_data"]


def test_an_information_request_past_its_statutory_limit_is_a_veto(county):
    clocked_case(county["water"], "information_request", deadline=date(2026, 12, 1), completed=None, state="red",
                 breach=True)
    with pinned(NOW):
        card = services.scorecard_compute(period="2026Q4", now=NOW)
    row = _rows(card)["县水利局"]
    assert row["score"] == 59 and row["failed"] and row["vetoes"][0]["name"] == "request_past_statutory"
    assert "县水利局" in [e["label"] for e in card.circular["criticised"]]
    assert "县水利局" not in [e["label"] for e in card.circular["commended"]]


def test_the_quarter_boundary_a_problem_closed_on_31_december_counts_in_q4_one_on_4_january_in_q1(county):
    water = county["water"]
    problem(water, opened=at(2026, 12, 20), due=date(2026, 12, 31), closed=at(2026, 12, 31, 23, 30))
    problem(water, opened=at(2027, 1, 2), due=date(2027, 1, 4), closed=at(2027, 1, 4, 9))
    with pinned(NOW):
        q4 = {r["label"]: r for r in selectors.unit_figures(period=selectors.period_parse("2026Q4"), now=NOW)}
        q1 = {r["label"]: r for r in selectors.unit_figures(period=selectors.period_parse("2027Q1"), now=NOW)}
    assert (q4["县水利局"]["problems_due"], q4["县水利局"]["problems_due_on_time"]) == (1, 1)
    assert q4["县水利局"]["automatic_problems"] == 1
    assert (q1["县水利局"]["problems_due"], q1["县水利局"]["problems_due_on_time"]) == (1, 1)
    assert q1["县水利局"]["automatic_problems"] == 1
    year = {r["label"]: r for r in selectors.unit_figures(period=selectors.period_parse("2026"), now=NOW)}
    assert year["县水利局"]["problems_due"] == 1


def test_a_problem_closed_after_its_due_day_is_late(county):
    water = county["water"]
    problem(water, opened=at(2026, 12, 1), due=date(2026, 12, 10), closed=at(2026, 12, 11, 0, 30))
    with pinned(NOW):
        row = {r["label"]: r for r in selectors.unit_figures(period=selectors.period_parse("2026Q4"), now=NOW)}
    assert (row["县水利局"]["problems_due"], row["县水利局"]["problems_due_on_time"]) == (1, 0)


def test_external_points_lost_are_summed(county):
    water = county["water"]
    problem(water, opened=at(2026, 11, 5), due=date(2027, 2, 1), source="external", check_code="",
            score_lost="2.50")
    problem(water, opened=at(2026, 11, 6), due=date(2027, 2, 1), source="external", check_code="",
            score_lost="1.50")
    with pinned(NOW):
        row = _rows(services.scorecard_compute(period="2026Q4", now=NOW))["县水利局"]
    assert _points(row)["external_points_lost"] == 60.0  # 4 of 10 lost
