"""What staff and supervisors read of ratings: never who rated; the statistics' SQL figures; the
rectification a rating of 1–2 opens for the department, in the rating's own transaction."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from backend.ratings import selectors, services
from backend.ratings.models import Rating
from backend.supervision.models import Order
from tests import factories
from tests.factories import PERSON
from tests.ratings.conftest import RATED
from tests.supervision.conftest import act, at
from workflows import services as flow

IDENTITY = (PERSON["name"], PERSON["id_number"], PERSON["mobile"], "applicant")


def rate(case, score, comment="", when=RATED):
    return services.rating_submit(case=case, score=score, comment=comment, channel="portal", now=when)


@pytest.fixture
def other_department_case(staff):
    """A completed case of another department, with its own clerk (from the immediate item's one step)."""
    dept = factories.department("tax", "税务局")
    clerk = factories.user("taxclerk", "clerk", departments=[dept], service_centre=staff["clerk"].service_centre)
    item = factories.item(dept, kind="immediate")
    case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=PERSON,
                                    actor=staff["applicant2"], now=at(2026, 11, 3, 9))
    act(case, clerk, "accept", factories.favourable("accept", immediate=True), at(2026, 11, 3, 10))
    assert case.status == "completed"
    return case


def test_staff_read_their_departments_ratings_without_who_rated(client, completed, other_department_case, staff):
    rate(completed, 2, "等了很久")
    rate(other_department_case, 5)
    rows = list(selectors.rating_list_visible_to(user=staff["reviewer"]))
    assert rows == [{"id": rows[0]["id"], "case_number": completed.number, "department_name": "市场监督管理局",
                     "item_code": completed.item.code, "item_name": completed.item.name, "score": 2,
                     "comment": "等了很久", "channel": "portal", "created_at": RATED}]
    assert set(rows[0]) == set(selectors.STAFF_FIELDS)
    assert len(selectors.rating_list_visible_to(user=staff["supervisor"])) == 2
    assert list(selectors.rating_list_visible_to(user=staff["applicant"])) == []

    client.force_login(staff["reviewer"])
    page = client.get("/ratings/staff/").content.decode()
    assert completed.number in page and "等了很久" in page and "2 · 不满意" in page
    assert other_department_case.number not in page
    assert not any(value in page for value in IDENTITY[:3])
    client.force_login(staff["applicant"])
    assert client.get("/ratings/staff/").status_code == 403


def test_a_rating_carries_no_link_to_the_person(completed):
    rating = rate(completed, 4)
    columns = {f.attname for f in Rating._meta.concrete_fields}
    assert columns == {"id", "case_id", "score", "comment", "channel", "department_id", "item_id", "created_at"}
    assert rating.department_id == completed.item.department_id


def test_nothing_exists_before_submission(client, completed, staff):
    client.force_login(staff["clerk"])
    client.post("/ratings/tablet/", {"action": "start", "number": completed.number})  # opened, not tapped
    assert not Rating.objects.exists()
    assert list(selectors.rating_list_visible_to(user=staff["clerk"])) == []


def test_rating_figures_count_and_mean_by_department_and_item(completed, carry, other_department_case, dept):
    second = carry(applicant=None)
    rate(completed, 2, when=at(2026, 11, 6, 9))
    rate(second, 5, when=at(2026, 11, 9, 23, 30))  # late evening in Shanghai: still the 9th
    rate(other_department_case, 4, when=at(2026, 11, 10, 0, 30))
    by_department = selectors.rating_figures(date(2026, 11, 1), date(2026, 11, 9))
    assert by_department == [{"id": dept.pk, "code": "market", "name": "市场监督管理局", "count": 2, "mean": 3.5}]
    everything = selectors.rating_figures(None, None)
    assert [(r["code"], r["count"], r["mean"]) for r in everything] == [("market", 2, 3.5), ("tax", 1, 4.0)]
    by_item = selectors.rating_figures(date(2026, 11, 10), date(2026, 11, 10), group_by="item")
    assert [(r["code"], r["count"], r["mean"]) for r in by_item] == [(other_department_case.item.code, 1, 4.0)]
    with pytest.raises(Exception, match="分组应为"):
        selectors.rating_figures(None, None, group_by="staff")


@pytest.mark.parametrize("score", [1, 2])
def test_a_low_rating_opens_a_rectification_for_the_department(completed, score):
    rating = rate(completed, score, "窗口态度差")
    order = Order.objects.get(source="rating", source_id=rating.pk)
    assert order.kind == Order.Kind.RECTIFICATION and order.issued_by is None
    assert order.case == completed and order.department_id == completed.item.department_id
    assert order.days == 15 and completed.number in order.problem and "窗口态度差" in order.problem
    # The department learns the score and the comment, never who rated.
    assert not any(value in order.problem for value in IDENTITY[:3])


@pytest.mark.parametrize("score", [3, 4, 5])
def test_a_satisfied_rating_opens_nothing(completed, score):
    rate(completed, score)
    assert not Order.objects.exists()


def test_a_rating_rolled_back_leaves_no_rectification(completed):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            rate(completed, 1)
            raise RuntimeError("the surrounding transaction fails")
    assert not Rating.objects.exists() and not Order.objects.exists()
