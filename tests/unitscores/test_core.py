"""The pure arithmetic: ranks shared by equal scores, indicators without a figure left out, the
method's data checked."""

import pytest

from backend.unitscores import core

METHOD = core.Method.from_data(version=9, indicators={
    "column_freshness": {"weight": 30, "best": 1, "worst": 0},
    "external_points_lost": {"weight": 10, "best": 0, "worst": 10},
}, vetoes={"unmasked_personal_data": {"cap": 50, "fail": False}})


def row(key, **figures):
    return {"key": key, "label": f"单位{key}", "vetoes": {}, **figures}


def test_equal_scores_share_a_rank_and_the_next_skips():
    rows = core.score_units([row(1, dynamic_columns=2, dynamic_columns_fresh=1, external_points_lost=0),
                             row(2, dynamic_columns=2, dynamic_columns_fresh=2, external_points_lost=5),
                             row(3, dynamic_columns=2, dynamic_columns_fresh=1, external_points_lost=0),
                             row(4)], METHOD)
    # 1 and 3: (30×50 + 10×100)/40 = 62.5; 2: (30×100 + 10×50)/40 = 87.5
    assert [(r.key, r.score, r.rank) for r in rows] == [(2, 87.5, 1), (1, 62.5, 2), (3, 62.5, 2), (4, None, None)]


def test_an_indicator_without_a_figure_is_left_out_and_named():
    scored = core.score_unit(row(1, external_points_lost=2.5), METHOD)
    assert scored.score == 75.0 and "栏目按时更新率" in scored.reason


def test_a_veto_without_fail_caps_only():
    scored = core.score_unit(row(1, dynamic_columns=1, dynamic_columns_fresh=1, external_points_lost=0,
                                 vetoes={"unmasked_personal_data": 2}), METHOD)
    assert (scored.raw_score, scored.score, scored.failed) == (100.0, 50.0, False)


def test_the_method_data_is_checked():
    with pytest.raises(core.MethodInvalid) as exc:
        core.Method.from_data(version=1, indicators={"nope": {"weight": 1, "best": 1, "worst": 0},
                                                     "column_freshness": {"weight": 0, "best": 1, "worst": 1}},
                              vetoes={"other": {"cap": 1}})
    assert [field for field, _message in exc.value.problems] == ["indicators", "indicators", "indicators", "vetoes"]
