"""The window tablet: the clerk opens it for a case they handled, the applicant taps a score, and
the clerk never sees which (nor can change it)."""

from __future__ import annotations

from backend.ratings.models import Rating
from tests import factories
from tests.ratings.conftest import RATED, pinned

LABELS = ("非常不满意", "不满意", "基本满意", "满意", "非常满意")


def start(client, case):
    return client.post("/ratings/tablet/", {"action": "start", "number": case.number})


def test_the_applicant_rates_on_the_tablet_and_the_clerk_sees_only_thanks(client, completed, staff):
    client.force_login(staff["clerk"])  # accepted and completed the case
    idle = client.get("/ratings/tablet/").content.decode()
    assert 'name="number"' in idle and 'name="score"' not in idle
    assert start(client, completed)["Location"] == "/ratings/tablet/"
    buttons = client.get("/ratings/tablet/").content.decode()
    assert buttons.count('name="score"') == 5 and all(label in buttons for label in LABELS)
    assert completed.applicant_name not in buttons  # nothing about the person on the applicant's screen

    with pinned(RATED):
        tapped = client.post("/ratings/tablet/", {"action": "rate", "score": "2", "comment": "排队久"})
    assert tapped.status_code == 302 and tapped["Location"] == "/ratings/tablet/"  # the score is in no URL
    rating = Rating.objects.get(case=completed)
    assert (rating.score, rating.comment, rating.channel, rating.created_at) == (2, "排队久", "window", RATED)

    thanks = client.get("/ratings/tablet/").content.decode()
    assert "谢谢评价" in thanks and 'http-equiv="refresh"' in thanks
    assert not any(label in thanks for label in LABELS) and "排队久" not in thanks
    assert 'name="score"' not in thanks
    back = client.get("/ratings/tablet/").content.decode()  # idle again: the case number form
    assert 'name="number"' in back and "谢谢评价" not in back and not any(label in back for label in LABELS)


def test_the_clerk_cannot_rate_again_or_change_it(client, completed, staff):
    client.force_login(staff["clerk"])
    start(client, completed)
    with pinned(RATED):
        client.post("/ratings/tablet/", {"action": "rate", "score": "1"})
        replay = client.post("/ratings/tablet/", {"action": "rate", "score": "5"})  # no case open any more
    assert replay.status_code == 200 and 'name="number"' in replay.content.decode()
    restart = start(client, completed)
    page = restart.content.decode()
    assert restart.status_code == 409 and "该办件已评价，评价提交后不能修改。" in page
    assert not any(label in page for label in LABELS)
    assert Rating.objects.get(case=completed).score == 1


def test_a_case_not_completed_cannot_be_opened(client, carry, staff):
    case = carry(until="decide")
    client.force_login(staff["clerk"])
    refused = start(client, case)
    assert refused.status_code == 409 and "办件办结后才能评价。" in refused.content.decode()
    assert 'name="score"' not in client.get("/ratings/tablet/").content.decode()


def test_only_a_clerk_who_handled_the_case_opens_it(client, completed, staff, dept):
    other = factories.user("clerk2", "clerk", departments=[dept])  # sees the department's cases, did not serve
    client.force_login(other)
    refused = start(client, completed)
    assert refused.status_code == 403 and "只能为本人经办的办件开启评价。" in refused.content.decode()
    client.force_login(staff["reviewer"])
    assert client.get("/ratings/tablet/").status_code == 403
    client.force_login(staff["applicant"])
    assert client.get("/ratings/tablet/").status_code == 403


def test_a_window_filed_case_is_the_filing_clerks(client, carry, staff):
    case = carry(online=False)
    client.force_login(staff["clerk"])
    start(client, case)
    with pinned(RATED):
        client.post("/ratings/tablet/", {"action": "rate", "score": "5"})
    assert Rating.objects.get(case=case).channel == "window"


def test_the_clerk_may_cancel_before_the_applicant_taps(client, completed, staff):
    client.force_login(staff["clerk"])
    start(client, completed)
    client.post("/ratings/tablet/", {"action": "cancel"})
    assert 'name="score"' not in client.get("/ratings/tablet/").content.decode()
    assert not Rating.objects.exists()


def test_a_comment_too_long_is_named_and_the_buttons_stay(client, completed, staff):
    client.force_login(staff["clerk"])
    start(client, completed)
    with pinned(RATED):
        bad = client.post("/ratings/tablet/", {"action": "rate", "score": "3", "comment": "慢" * 501})
    page = bad.content.decode()
    assert bad.status_code == 400 and "评价内容不能超过 500 个字" in page and page.count('name="score"') == 5
    assert not Rating.objects.exists()
