"""insert_unless_taken: an idempotent insert turns away only a clash on its key, in one statement,
and leaves the caller's transaction usable (PostgreSQL aborts a transaction on a failed statement)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import Department
from backend.common.rows import insert_unless_taken

pytestmark = pytest.mark.django_db


def test_a_free_key_is_inserted_in_one_statement_and_the_instance_is_saved():
    department = Department(code="water", name="水利局")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert insert_unless_taken(department, unique_field="code") is True
    assert len(queries.captured_queries) == 1
    assert department.pk is not None and department._state.adding is False
    assert Department.objects.get(pk=department.pk).name == "水利局"


def test_a_taken_key_is_turned_away_and_the_transaction_goes_on():
    Department.objects.create(code="water", name="水利局")
    with transaction.atomic():
        duplicate = Department(code="water", name="另一个水利局")
        assert insert_unless_taken(duplicate, unique_field="code") is False
        assert duplicate.pk is None
        Department.objects.create(code="forest", name="林业局")  # would fail in an aborted transaction
    assert set(Department.objects.values_list("name", flat=True)) == {"水利局", "林业局"}


def test_a_clash_on_another_unique_column_still_raises():
    Department.objects.create(code="water", name="水利局")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_unless_taken(Department(code="water-2", name="水利局"), unique_field="code")
    assert Department.objects.count() == 1


def test_only_a_unique_column_can_be_the_key():
    with pytest.raises(ValueError, match="not unique"):
        insert_unless_taken(Department(code="x", name="x"), unique_field="head")
