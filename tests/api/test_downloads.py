"""Downloads are saved under a name that says what they are (RFC 6266): `filename*` carries the
Chinese name in UTF-8 for current browsers, `filename` an ASCII name for old clients."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.common.downloads import content_disposition
from tests import factories
from tests.cases.test_materials_api import PNG

pytestmark = pytest.mark.django_db


def test_a_chinese_name_travels_in_filename_star_beside_an_ascii_one():
    assert content_disposition("统计_部门_2026-11.xlsx", ascii_name="statistics_department_2026-11.xlsx") == (
        "attachment; filename=\"statistics_department_2026-11.xlsx\"; "
        "filename*=UTF-8''%E7%BB%9F%E8%AE%A1_%E9%83%A8%E9%97%A8_2026-11.xlsx")


def test_without_an_ascii_name_one_is_derived_and_quotes_cannot_break_the_header():
    assert content_disposition("营业执照.pdf") == (
        f"attachment; filename=\"download.pdf\"; filename*=UTF-8''{quote('营业执照.pdf', safe='')}")
    assert content_disposition('a"b.pdf', inline=True).startswith('inline; filename="a-b.pdf"; filename*=')
    assert content_disposition("scan.png") == 'attachment; filename="scan.png"'


def test_an_uploaded_material_downloads_under_its_chinese_name(staff, dept, api, client):
    item = factories.item(dept)
    number = api(staff["applicant"]).post("/api/v1/cases/", {"item": item.code, "channel": "online",
                                                             "applicant": factories.PERSON},
                                          format="json").json()["number"]
    material = api(staff["applicant"]).post(f"/api/v1/cases/{number}/materials/", {
        "file": SimpleUploadedFile("营业执照.png", PNG, content_type="image/png")}, format="multipart").json()
    client.force_login(staff["applicant"])
    response = client.get(f"/cases/{number}/materials/{material['id']}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"download.png\"; filename*=UTF-8''{quote('营业执照.png', safe='')}")
