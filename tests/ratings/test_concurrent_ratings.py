"""Ratings sent at the same moment for one case: one is saved, the others are told it was rated."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from backend.ratings.models import Rating
from tests.workflows.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_ratings_of_one_case_save_one(completed):
    def send(score):
        def run():
            response = APIClient().post("/api/v1/ratings/", {"number": completed.number, "query_code":
                                        completed.query_code, "score": score}, format="json")
            return response.status_code, response.json()
        return run

    results = race([send(score) for score in (1, 2, 4, 5)])
    statuses = sorted(status for status, _ in results)
    assert statuses == [201, 409, 409, 409], results
    assert all(body["errors"][0]["code"] == "already_rated" for status, body in results if status == 409)
    saved = next(body for status, body in results if status == 201)
    assert Rating.objects.get(case=completed).score == saved["score"]
