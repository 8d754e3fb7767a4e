"""The scoring arithmetic: weights, normalisation, minimum sample, ties — from rows built here, as the
statistics API gives them (stats_table(group_by="department"))."""

import pytest

from backend.scorecards import core


def row(key, label, *, completed=20, on_time_rate=1.0, early_rate=0.5, overdue=0, cards_red=0, cards_yellow=0,
        ratings=5, mean_rating=5.0, send_backs=0, extensions=0):
    return {"key": key, "label": label, "received": completed, "accepted": completed, "refused": 0,
            "completed": completed, "on_time": round(completed * (on_time_rate or 0)), "on_time_rate": on_time_rate,
            "early_rate": early_rate, "overdue": overdue, "mean_days": 3.0, "median_days": 3.0, "p90_days": 5.0,
            "send_backs": send_backs, "extensions": extensions, "cards_yellow": cards_yellow,
            "cards_red": cards_red, "ratings": ratings, "mean_rating": mean_rating if ratings else None}


V1 = core.Method.from_data(version=1, min_sample=10, weights={
    "on_time_rate": {"weight": 35, "best": 1, "worst": 0},
    "early_rate": {"weight": 10, "best": 1, "worst": 0},
    "overdue_per_100": {"weight": 20, "best": 0, "worst": 10},
    "red_cards_per_100": {"weight": 15, "best": 0, "worst": 10},
    "mean_rating": {"weight": 15, "best": 5, "worst": 1},
    "send_backs_per_100": {"weight": 5, "best": 0, "worst": 30},
})


def by_label(rows):
    return {r.label: r for r in rows}


def test_a_perfect_department_scores_100_except_for_what_it_did_not_do_early():
    [scored] = core.score_departments([row(1, "市场监督管理局", early_rate=0.5)], V1)
    # 35·100 + 10·50 + 20·100 + 15·100 + 15·100 + 5·100 over 100
    assert scored.score == 95.0
    assert scored.rank == 1
    assert {i.name: i.points for i in scored.indicators}["early_rate"] == 50.0


def test_each_indicator_is_a_straight_line_between_worst_and_best_clamped():
    rows = [row(1, "甲", completed=40, on_time_rate=0.9, early_rate=0.25, overdue=2, cards_red=6, send_backs=6,
                mean_rating=4.0)]
    [scored] = core.score_departments(rows, V1)
    points = {i.name: (i.value, i.points) for i in scored.indicators}
    assert points["on_time_rate"] == (0.9, 90.0)
    assert points["early_rate"] == (0.25, 25.0)
    assert points["overdue_per_100"] == (5.0, 50.0)  # 2 of 40 = 5 per 100; 10 per 100 scores 0
    assert points["red_cards_per_100"] == (15.0, 0.0)  # worse than the worst value: clamped at 0
    assert points["send_backs_per_100"] == (15.0, 50.0)
    assert points["mean_rating"] == (4.0, 75.0)  # 1 → 0, 5 → 100
    expected = (35 * 90 + 10 * 25 + 20 * 50 + 15 * 0 + 15 * 75 + 5 * 50) / 100
    assert expected == 57.75
    assert scored.score == 57.8  # rounded half up


def test_weights_decide_who_ranks_first():
    fast = row(1, "快办局", on_time_rate=1.0, mean_rating=3.0)
    liked = row(2, "好评局", on_time_rate=0.8, mean_rating=5.0)
    timing = core.Method.from_data(version=2, min_sample=1, weights={
        "on_time_rate": {"weight": 90, "best": 1, "worst": 0}, "mean_rating": {"weight": 10, "best": 5, "worst": 1}})
    rating = core.Method.from_data(version=3, min_sample=1, weights={
        "on_time_rate": {"weight": 10, "best": 1, "worst": 0}, "mean_rating": {"weight": 90, "best": 5, "worst": 1}})
    assert core.score_departments([fast, liked], timing)[0].label == "快办局"
    assert core.score_departments([fast, liked], rating)[0].label == "好评局"


def test_weights_need_not_add_up_to_100():
    doubled = core.Method.from_data(version=9, min_sample=10, weights={
        name: {"weight": 2 * spec.weight, "best": spec.best, "worst": spec.worst}
        for name, spec in V1.indicators.items()})
    rows = [row(1, "甲", on_time_rate=0.83, early_rate=0.1, overdue=1), row(2, "乙", mean_rating=3.7)]
    assert [r.score for r in core.score_departments(rows, doubled)] == [r.score for r in
                                                                        core.score_departments(rows, V1)]


def test_too_few_completed_cases_means_no_score_and_no_rank_said_plainly():
    rows = [row(1, "市场监督管理局"), row(2, "林业局", completed=3)]
    scored = by_label(core.score_departments(rows, V1))
    small = scored["林业局"]
    assert small.score is None and small.rank is None and not small.ranked
    assert small.reason_code == core.BELOW_MIN_SAMPLE
    assert small.reason == "本月办结 3 件，少于最低样本量 10 件，不参与排名"
    assert scored["市场监督管理局"].rank == 1


def test_the_minimum_sample_itself_is_enough():
    [scored] = core.score_departments([row(1, "甲", completed=10)], V1)
    assert scored.rank == 1


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    rows = [row(1, "甲", on_time_rate=0.9), row(2, "乙", early_rate=0.5), row(3, "丙", early_rate=0.5),
            row(4, "丁", on_time_rate=0.9), row(5, "戊", on_time_rate=0.5)]
    scored = core.score_departments(rows, V1)
    assert [(r.label, r.score, r.rank) for r in scored] == [
        ("丙", 95.0, 1), ("乙", 95.0, 1), ("丁", 91.5, 3), ("甲", 91.5, 3), ("戊", 77.5, 5)]


def test_ties_are_judged_on_the_printed_score():
    # 95.04 and 94.96 both print as 95.0: the reader sees equal scores, so the ranks are equal.
    a = row(1, "甲", early_rate=0.504)
    b = row(2, "乙", early_rate=0.496)
    first, second = core.score_departments([a, b], V1)
    assert first.score == second.score == 95.0
    assert first.rank == second.rank == 1


def test_an_indicator_without_a_figure_is_left_out_and_the_others_carry_the_score():
    [scored] = core.score_departments([row(1, "甲", ratings=0, early_rate=0.5)], V1)
    rating = {i.name: i for i in scored.indicators}["mean_rating"]
    assert rating.value is None and rating.points is None
    # (35·100 + 10·50 + 20·100 + 15·100 + 5·100) / 85
    assert scored.score == round(8000 / 85, 1) == 94.1
    assert "好差评平均分" in scored.reason and scored.rank == 1


def test_unranked_departments_come_after_the_ranking():
    rows = [row(1, "甲", completed=2), row(2, "乙"), row(3, "丙", completed=5)]
    assert [(r.label, r.rank) for r in core.score_departments(rows, V1)] == [("乙", 1), ("丙", None), ("甲", None)]


def test_the_result_is_reproducible_from_the_stored_rows():
    import json

    rows = [row(1, "甲", on_time_rate=0.87, overdue=3, cards_red=1, mean_rating=4.2, send_backs=2),
            row(2, "乙", completed=4), row(3, "丙", early_rate=0.1, ratings=0)]
    first = [r.as_dict() for r in core.score_departments(rows, V1)]
    stored = json.loads(json.dumps(rows))
    again = [r.as_dict() for r in core.score_departments(stored, V1)]
    assert json.dumps(first) == json.dumps(again)
    assert [core.ScoreRow.from_dict(d).as_dict() for d in first] == first


@pytest.mark.parametrize("weights, min_sample, message", [
    ({"speed": {"weight": 1, "best": 1, "worst": 0}}, 10, "未知指标"),
    ({"on_time_rate": {"weight": 0, "best": 1, "worst": 0}}, 10, "权重须大于 0"),
    ({"on_time_rate": {"weight": 1, "best": 1, "worst": 1}}, 10, "不能相同"),
    ({"on_time_rate": {"weight": 1}}, 10, "weight、best 和 worst"),
    ({"on_time_rate": {"weight": 1, "best": 1, "worst": 0}}, 0, "最低样本量"),
    ({}, 10, "非空"),
])
def test_a_method_that_cannot_score_is_refused(weights, min_sample, message):
    with pytest.raises(core.MethodInvalid) as refused:
        core.Method.from_data(version=1, weights=weights, min_sample=min_sample)
    assert message in str(refused.value)


def test_circular_commends_the_top_clean_departments_and_criticises_overdue_red_and_low():
    rows = [row(1, "一局"), row(2, "二局", early_rate=0.4), row(3, "三局", completed=100, overdue=1, early_rate=1.0),
            row(4, "四局", early_rate=0.3), row(5, "五局", on_time_rate=0.2, mean_rating=2.0, early_rate=0),
            row(6, "六局", completed=3, cards_red=2)]
    scored = core.score_departments(rows, V1)
    commended, criticised = core.circular_entries(scored, core.CircularRules(commend_top=3, commend_min_score=90,
                                                                             criticise_below_score=60))
    # 三局 ranks first but had an overdue case: criticised, not commended; 四局 is fourth.
    assert [r.label for r in scored[:4]] == ["三局", "一局", "二局", "四局"]
    assert [e.label for e in commended] == ["一局", "二局"]
    assert commended[0].reasons == ["得分 95.0，排名第 2"]
    reasons = {e.label: e.reasons for e in criticised}
    assert set(reasons) == {"三局", "五局", "六局"}
    assert reasons["三局"] == ["超时 1 件"]
    assert reasons["六局"] == ["红牌 2 张"]  # not ranked, still criticised
    assert reasons["五局"][0].startswith("得分 ") and reasons["五局"][0].endswith("低于 60 分")
