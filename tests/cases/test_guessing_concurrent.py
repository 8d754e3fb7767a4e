"""Guesses sent in parallel are braked like guesses sent one by one: each is counted before it is
tried, so no burst gets past the limit."""

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from backend.cases.selectors import LOOKUP_FAILURES_PER_CASE
from tests import factories
from tests.workflows.test_concurrency import race
from workflows import services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_burst_of_guesses_gets_no_more_tries_than_the_limit(dept):
    applicant = factories.user("someone", "applicant")
    case = services.case_file_and_start(item_code=factories.item(dept).code, channel="online",
                                        applicant=factories.PERSON, actor=applicant, now=timezone.now())

    def guess(n):
        return APIClient().get(f"/api/v1/public/cases/{case.number}/", {"query_code": f"WRONG{n:03d}"},
                               REMOTE_ADDR=f"203.0.113.{n}").status_code

    statuses = race([lambda n=n: guess(n) for n in range(24)])
    assert statuses.count(404) == LOOKUP_FAILURES_PER_CASE
    assert statuses.count(429) == 24 - LOOKUP_FAILURES_PER_CASE
