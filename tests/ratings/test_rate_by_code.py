"""Rating with the case number and query code, no login: braked exactly like the tracking lookup."""

from __future__ import annotations

import pytest

from backend.cases.selectors import LOOKUP_FAILURES_PER_CASE
from backend.ratings.models import Rating
from tests.ratings.conftest import RATED, pinned


def body(case, **overrides):
    return {"number": case.number, "query_code": case.query_code, "score": 3, "comment": "", **overrides}


def test_anyone_with_the_query_code_rates_on_the_page(client, completed):
    with pinned(RATED):
        done = client.post("/ratings/", body(completed, query_code=completed.query_code.lower(), comment="还行"))
    assert done.status_code == 200 and "谢谢评价" in done.content.decode()
    rating = Rating.objects.get(case=completed)
    assert (rating.score, rating.comment, rating.channel, rating.created_at) == (3, "还行", "query", RATED)


def test_anyone_with_the_query_code_rates_through_the_api(api, completed):
    with pinned(RATED):
        made = api().post("/api/v1/ratings/", body(completed, score=1, comment="材料退回三次"), format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["channel"] == "query" and made.json()["score_label"] == "非常不满意"
    with pinned(RATED):
        again = api().post("/api/v1/ratings/", body(completed, score=5), format="json")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_rated"
    assert Rating.objects.get(case=completed).score == 1


def test_a_case_not_yet_completed_is_refused(api, carry):
    case = carry(until="review")
    with pinned(RATED):
        refused = api().post("/api/v1/ratings/", body(case), format="json")
    assert refused.status_code == 409
    assert refused.json()["errors"] == [{"field": None, "code": "not_completed", "message": "办件办结后才能评价。"}]


def test_a_wrong_code_gets_the_tracking_message_and_is_braked_like_tracking(api, completed):
    with pinned(RATED):
        tracking_wrong = api().get(f"/api/v1/public/cases/{completed.number}/", {"query_code": "WRONG000"})
        assert tracking_wrong.status_code == 404
        for _ in range(LOOKUP_FAILURES_PER_CASE - 1):  # the tracking guess above counted too
            wrong = api().post("/api/v1/ratings/", body(completed, query_code="WRONG000"), format="json")
            assert wrong.status_code == 404
            assert wrong.json()["errors"] == tracking_wrong.json()["errors"]
        braked = api().post("/api/v1/ratings/", body(completed), format="json")  # even the right code now
        assert braked.status_code == 429
        tracking_braked = api().get(f"/api/v1/public/cases/{completed.number}/",
                                    {"query_code": completed.query_code})
    assert tracking_braked.status_code == 429
    assert braked.json()["errors"] == tracking_braked.json()["errors"]
    assert braked.json()["errors"][0]["message"] == "尝试次数过多，请 15 分钟后再试。"
    assert not Rating.objects.exists()


def test_the_page_is_braked_with_the_same_message(client, completed):
    with pinned(RATED):
        for _ in range(LOOKUP_FAILURES_PER_CASE):
            wrong = client.post("/ratings/", body(completed, query_code="WRONG000"))
            assert wrong.status_code == 404 and "办件编号或查询码不正确。" in wrong.content.decode()
        braked = client.post("/ratings/", body(completed))
    assert braked.status_code == 429 and "尝试次数过多，请 15 分钟后再试。" in braked.content.decode()


@pytest.mark.parametrize(("score", "message"), [
    (0, "评分应为 1 到 5 的整数：1 非常不满意，2 不满意，3 基本满意，4 满意，5 非常满意。"),
    (6, "评分应为 1 到 5 的整数：1 非常不满意，2 不满意，3 基本满意，4 满意，5 非常满意。"),
    ("好", "评分应为 1 到 5 的整数：1 非常不满意，2 不满意，3 基本满意，4 满意，5 非常满意。"),
    (True, "评分应为 1 到 5 的整数：1 非常不满意，2 不满意，3 基本满意，4 满意，5 非常满意。"),
    (None, "请选择评分（1 到 5）。"),
])
def test_a_score_out_of_range_is_a_field_error_in_chinese(api, completed, score, message):
    with pinned(RATED):
        bad = api().post("/api/v1/ratings/", body(completed, score=score), format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "score", "code": "required" if score is None else "invalid",
                                     "message": message}]


def test_a_comment_too_long_is_a_field_error_and_no_guess(api, completed):
    with pinned(RATED):
        for _ in range(LOOKUP_FAILURES_PER_CASE + 2):  # field errors never reach the lookup's counter
            bad = api().post("/api/v1/ratings/", body(completed, comment="慢" * 501), format="json")
            assert bad.status_code == 400
        assert bad.json()["errors"] == [{"field": "comment", "code": "too_long",
                                         "message": "评价内容不能超过 500 个字（现有 501 个字）。"}]
        assert api().post("/api/v1/ratings/", body(completed, comment="慢" * 500), format="json").status_code == 201


def test_unknown_fields_and_a_non_object_body_are_named(api, completed):
    with pinned(RATED):
        extra = api().post("/api/v1/ratings/", body(completed, rater="张小明"), format="json")
        listed = api().post("/api/v1/ratings/", [1, 2], format="json")
    assert extra.status_code == 400 and extra.json()["errors"][0]["field"] == "rater"
    assert listed.status_code == 400


def test_the_tracking_page_of_a_completed_case_leads_to_the_rating_form(client, completed):
    tracked = client.get("/track/", {"number": completed.number, "query_code": completed.query_code}).content.decode()
    assert f'href="/ratings/?number={completed.number}"' in tracked
    form = client.get("/ratings/", {"number": completed.number}).content.decode()
    assert f'value="{completed.number}"' in form and completed.query_code not in form
