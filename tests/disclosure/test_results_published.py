"""A completed case's decision appears on the public results, masked, once."""

from datetime import timedelta

import pytest

from backend.disclosure.models import OutboxEvent, Publication
from tests import factories
from tests.disclosure.conftest import NOW, person


def test_a_decision_is_not_public_until_the_relay_runs(client, decide):
    decide()
    assert OutboxEvent.objects.filter(kind="result").count() == 1
    assert client.get("/public/api/results/").json()["count"] == 0


def test_the_result_shows_item_number_masked_applicant_decision_and_date(client, decide, relay, item):
    case = decide(person("张小明"))
    relay()
    body = client.get("/public/api/results/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["case_number"] == case.number
    assert row["item"]["name"] == item.name
    assert row["applicant"] == "张*明"
    assert row["decision"] == "approved"
    assert row["decided_on"] == (NOW + timedelta(days=1, hours=1)).date().isoformat()
    page = client.get("/public/results/").content.decode()
    assert case.number in page and "张*明" in page and "张小明" not in page


def test_a_company_keeps_its_name_and_credit_code(client, decide, relay):
    from tests.factories import COMPANY

    decide(COMPANY)
    relay()
    row = client.get("/public/api/results/").json()["results"][0]
    assert row["applicant"] == COMPANY["name"]
    assert row["credit_code"] == COMPANY["credit_code"]
    assert "李四" not in client.get("/public/results/").content.decode()


def test_working_days_used_are_shown_when_the_clock_measured_them(client, decide, relay):
    decide()
    relay()
    row = client.get("/public/api/results/").json()["results"][0]
    assert row["used_working_days"] is not None
    assert "用时" in client.get("/public/results/").content.decode()


def test_relaying_twice_publishes_once(decide, relay):
    decide()
    relay()
    relay()
    assert Publication.objects.filter(kind="result").count() == 1


def test_a_denial_is_published_too(client, decide, relay):
    decide(approve=False)
    relay()
    assert client.get("/public/api/results/").json()["results"][0]["decision"] == "denied"


@pytest.mark.parametrize("category", ["letter", "information_request"])
def test_a_letters_or_requests_case_is_never_published_as_a_permit_result(decide, relay, dept, category):
    from backend.catalog.models import ServiceItem
    from backend.disclosure.services import disclosure_backfill

    other = factories.item(dept)
    ServiceItem.objects.filter(pk=other.pk).update(category=category)
    other.refresh_from_db()
    case = decide(on_item=other)
    relay()
    disclosure_backfill(now=case.completed_at)
    relay()
    assert not Publication.objects.filter(kind=Publication.Kind.RESULT, subject=case.number).exists()
