"""The applicant rates their own completed case from the portal case page (and its API twin)."""

from __future__ import annotations

from backend.ratings.models import Rating
from tests import factories
from tests.ratings.conftest import RATED, pinned


def test_the_case_page_offers_the_rating_form_after_completion(client, completed, staff):
    client.force_login(staff["applicant"])
    page = client.get(f"/cases/{completed.number}/").content.decode()
    assert "服务评价" in page and f'action="/ratings/cases/{completed.number}/"' in page
    assert all(label in page for label in ("非常不满意", "不满意", "基本满意", "满意", "非常满意"))


def test_the_applicant_rates_once_and_then_sees_their_rating(client, completed, staff):
    client.force_login(staff["applicant"])
    with pinned(RATED):
        done = client.post(f"/ratings/cases/{completed.number}/", {"score": "4", "comment": "窗口服务热情"})
    assert done.status_code == 302 and done["Location"] == f"/cases/{completed.number}/"
    rating = Rating.objects.get(case=completed)
    assert (rating.score, rating.comment, rating.channel) == (4, "窗口服务热情", "portal")
    assert (rating.department_id, rating.item_id, rating.created_at) == (completed.item.department_id,
                                                                       completed.item_id, RATED)
    page = client.get(f"/cases/{completed.number}/").content.decode()
    assert "您已于 2026-11-06 10:00 评价：满意" in page and 'name="score"' not in page

    with pinned(RATED):
        again = client.post(f"/ratings/cases/{completed.number}/", {"score": "1"})
    assert again.status_code == 409 and "该办件已评价，评价提交后不能修改。" in again.content.decode()
    assert Rating.objects.get(case=completed).score == 4


def test_an_open_case_has_no_rating_form_and_cannot_be_rated(client, carry, staff):
    case = carry(until="decide")
    client.force_login(staff["applicant"])
    assert 'name="score"' not in client.get(f"/cases/{case.number}/").content.decode()
    with pinned(RATED):
        refused = client.post(f"/ratings/cases/{case.number}/", {"score": "5"})
    assert refused.status_code == 409 and "办件办结后才能评价。" in refused.content.decode()
    assert not Rating.objects.exists()


def test_staff_on_the_case_page_see_no_rating_card_but_the_rectification_it_opened(client, completed, staff):
    client.force_login(staff["applicant"])
    with pinned(RATED):
        client.post(f"/ratings/cases/{completed.number}/", {"score": "2", "comment": "等太久"})
    client.force_login(staff["clerk"])
    page = client.get(f"/cases/{completed.number}/").content.decode()
    assert "服务评价" not in page and f'action="/ratings/cases/{completed.number}/"' not in page
    timeline = page.split('id="case-timeline"')[1]
    assert 'data-kind="order_issued"' in timeline and "收到差评：不满意，评价意见：等太久" in timeline
    assert factories.PERSON["name"] not in timeline.split('data-kind="order_issued"')[1].split("</tr>")[0]


def test_only_the_applicant_may_rate_their_case(client, completed, staff):
    client.force_login(staff["clerk"])  # sees the case (their department's) but did not apply for it
    with pinned(RATED):
        assert client.post(f"/ratings/cases/{completed.number}/", {"score": "5"}).status_code == 403
    client.force_login(staff["applicant2"])
    with pinned(RATED):
        assert client.post(f"/ratings/cases/{completed.number}/", {"score": "5"}).status_code == 404
    assert not Rating.objects.exists()


def test_a_bad_score_is_named_in_chinese_on_the_page(client, completed, staff):
    client.force_login(staff["applicant"])
    with pinned(RATED):
        bad = client.post(f"/ratings/cases/{completed.number}/", {"score": "6", "comment": "x" * 501})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "评分应为 1 到 5 的整数" in page and "评价内容不能超过 500 个字（现有 501 个字）。" in page
    assert not Rating.objects.exists()


def test_the_signed_in_applicant_rates_through_the_api(api, completed, staff):
    with pinned(RATED):
        made = api(staff["applicant"]).post(f"/api/v1/cases/{completed.number}/rating/",
                                           {"score": 5, "comment": "很方便"}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json() == {"number": completed.number, "score": 5, "score_label": "非常满意", "comment": "很方便",
                           "channel": "portal", "created_at": "2026-11-06T10:00:00+08:00"}
    with pinned(RATED):
        again = api(staff["applicant"]).post(f"/api/v1/cases/{completed.number}/rating/", {"score": 1},
                                            format="json")
    assert again.status_code == 409
    assert again.json()["errors"] == [{"field": None, "code": "already_rated",
                                       "message": "该办件已评价，评价提交后不能修改。"}]
    with pinned(RATED):
        other = api(staff["clerk"]).post(f"/api/v1/cases/{completed.number}/rating/", {"score": 1}, format="json")
    assert other.status_code == 403
