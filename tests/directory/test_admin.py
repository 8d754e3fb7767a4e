"""The admin: columns editable (unit, owner, frequency), documents read-only."""

from __future__ import annotations

import pytest

from backend.accounts.models import User
from backend.directory.models import Column

from .conftest import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-root-123"))
    return client


def test_columns_are_listed_and_a_unit_is_assigned(admin_client, housing):
    assert admin_client.get("/admin/directory/column/").status_code == 200
    col = Column.objects.get(code="jgzn")
    response = admin_client.post(f"/admin/directory/column/{col.pk}/change/", {
        "code": "jgzn", "name": "机构职能", "position": 10, "department": housing.pk, "kind": "static",
        "day_kind": "working", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Column.objects.get(pk=col.pk).department == housing


def test_documents_are_read_only(admin_client, people, column):
    doc = draft(people)
    assert admin_client.get(f"/admin/directory/document/{doc.pk}/change/").status_code == 200
    response = admin_client.post(f"/admin/directory/document/{doc.pk}/change/", {"title": "改了"})
    assert response.status_code == 403
    doc.refresh_from_db()
    assert doc.title != "改了"
    assert admin_client.get("/admin/directory/document/add/").status_code == 403
