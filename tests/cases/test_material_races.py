"""Two hands on one file at once: one replacement or removal wins, the other is told the file is
gone; the record never shows a file removed twice or replaced by two files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from backend.cases.models import CaseEvent, CaseMaterial
from tests import factories
from tests.workflows.test_concurrency import race
from workflows import services as flow

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.fixture
def setting(dept):
    applicant = factories.user("someone", "applicant")
    case = flow.case_file_and_start(item_code=factories.item(dept).code, channel="online",
                                    applicant=factories.PERSON, actor=applicant, now=timezone.now())
    client = APIClient()
    client.force_authenticate(applicant)
    first = client.post(f"/api/v1/cases/{case.number}/materials/", {"file": SimpleUploadedFile("a.png", PNG)},
                        format="multipart").json()["id"]
    return applicant, case, first


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_two_replacements_of_one_file_at_once(setting):
    applicant, case, first = setting
    url = f"/api/v1/cases/{case.number}/materials/"
    statuses = race([lambda n=n: as_user(applicant).post(
        url, {"file": SimpleUploadedFile(f"b{n}.png", PNG + bytes([n])), "replaces": first},
        format="multipart").status_code for n in range(2)])
    assert sorted(statuses) == [201, 400]
    assert CaseEvent.objects.filter(case=case, kind="material_removed").count() == 1
    assert CaseMaterial.objects.filter(case=case, removed_at__isnull=True).count() == 1


def test_two_removals_of_one_file_at_once(setting):
    applicant, case, first = setting
    url = f"/api/v1/cases/{case.number}/materials/{first}/remove/"
    statuses = race([lambda: as_user(applicant).post(url, {"reason": "传错了"}, format="json").status_code] * 2)
    assert sorted(statuses) == [200, 404]
    assert CaseEvent.objects.filter(case=case, kind="material_removed").count() == 1
