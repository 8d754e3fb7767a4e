"""Uploading materials: type by content, size limit, stored privately, served only to allowed users."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.cases.models import CaseMaterial
from tests import factories
from tests.factories import PERSON

PDF = factories.PDF
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 32


@pytest.fixture
def case(staff, dept, api):
    item = factories.item(dept)
    number = api(staff["applicant"]).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                             "applicant": PERSON}, format="json").json()["number"]
    return number, item


def upload(api, user, number, name, content, **extra):
    return api(user).post(f"/api/v1/cases/{number}/materials/",
                          {"file": SimpleUploadedFile(name, content), **extra}, format="multipart")


def test_pdf_upload_against_checklist_item(staff, api, case):
    number, item = case
    requirement = item.guides.get().materials.first()
    response = upload(api, staff["applicant"], number, "申请书.pdf", PDF, requirement=requirement.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["content_type"] == "application/pdf"
    assert body["requirement"] == requirement.name
    material = CaseMaterial.objects.get()
    assert material.file.read() == PDF
    assert "/static/" not in material.file.path and "frontend" not in material.file.path


def test_type_is_checked_by_content_not_name(staff, api, case):
    number, _ = case
    response = upload(api, staff["applicant"], number, "fake.pdf", b"MZ\x90\x00 this is an exe" * 10)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "unsupported_type"
    assert upload(api, staff["applicant"], number, "scan.txt", PNG).json()["content_type"] == "image/png"


def test_oversized_upload_is_rejected_with_the_limit(staff, api, case, settings):
    number, _ = case
    settings.MATERIAL_MAX_BYTES = 1024
    response = upload(api, staff["applicant"], number, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_large"
    assert CaseMaterial.objects.count() == 0


def test_requirement_from_another_guide_is_rejected(staff, api, case, dept):
    number, _ = case
    other = factories.item(dept).guides.get().materials.first()
    response = upload(api, staff["applicant"], number, "a.pdf", PDF, requirement=other.pk)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "requirement"


def test_other_applicants_cannot_upload_to_a_case(staff, api, case):
    number, _ = case
    assert upload(api, staff["applicant2"], number, "a.pdf", PDF).status_code == 404


def test_upload_is_recorded_on_the_timeline(staff, api, case):
    number, _ = case
    upload(api, staff["applicant"], number, "申请书.pdf", PDF)
    events = api(staff["applicant"]).get(f"/api/v1/cases/{number}/").json()["events"]
    assert events[-1]["kind"] == "material_uploaded"
    assert events[-1]["data"]["name"] == "申请书.pdf"


def test_empty_file_is_rejected(staff, api, case):
    number, _ = case
    response = api(staff["applicant"]).post(f"/api/v1/cases/{number}/materials/",
                                            {"file": SimpleUploadedFile("e.pdf", b"")}, format="multipart")
    assert response.status_code == 400


def test_an_image_that_is_also_a_pdf_is_refused(staff, api, case):
    # A JPEG whose comment carries a PDF: image viewers show the picture, PDF readers run the PDF.
    polyglot = b"\xff\xd8\xff\xfe\x01\x00" + PDF + b"\x00" * 64 + b"\xff\xd9"
    number, _ = case
    response = upload(api, staff["applicant"], number, "photo.jpg", polyglot)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "file" and error["code"] == "ambiguous_type" and "PDF" in error["message"]
    assert CaseMaterial.objects.count() == 0


@pytest.mark.parametrize(("sent_as", "saved_as"), [("scan.html", "scan.png"), ("scan", "scan.png"),
                                                   ("Scan.PNG", "Scan.PNG"), (".htaccess", ".htaccess.png")])
def test_a_download_is_named_for_the_type_its_content_was_checked_as(staff, api, case, client, sent_as, saved_as):
    number, _ = case
    material_id = upload(api, staff["applicant"], number, sent_as, PNG).json()["id"]
    client.force_login(staff["applicant"])
    response = client.get(f"/cases/{number}/materials/{material_id}/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{saved_as}"'
    assert response["X-Content-Type-Options"] == "nosniff"
