"""Bad input: every field error at once, in the §4 shape, and nothing saved or lost."""

from __future__ import annotations

import pytest

from backend.directory.models import Document
from tests.samples import PDF

from .conftest import DOC, draft

pytestmark = pytest.mark.django_db
URL = "/api/v1/disclosure/catalogue/documents/"


def test_missing_title_long_body_and_unknown_column_are_named_field_by_field(api, people, column):
    data = {**DOC, "title": "", "body": "字" * 20001, "column": "no-such-column", "written_on": "2026-13-01"}
    response = api(people["drafter"]).post(URL, data, format="json")
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {("title", "required"), ("body", "max_length"), ("column", "invalid"), ("written_on", "invalid")}
    assert all(e["message"] for e in response.json()["errors"])
    assert not Document.objects.exists()


def test_an_unknown_field_and_a_bad_validity_are_refused(api, people, column):
    response = api(people["drafter"]).post(URL, {**DOC, "validity": "maybe", "colour": "red"}, format="json")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"colour"}
    response = api(people["drafter"]).post(URL, {**DOC, "validity": "maybe"}, format="json")
    assert [e["field"] for e in response.json()["errors"]] == ["validity"]


def test_the_form_keeps_what_was_typed_when_a_field_is_refused(client, people, column):
    client.force_login(people["drafter"])
    response = client.post("/directory/new/", {**DOC, "title": "", "body": "我写了很长的一段正文，不能丢。"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写标题。" in html and "我写了很长的一段正文，不能丢。" in html and 'aria-invalid="true"' in html
    assert not Document.objects.exists()


def test_a_draft_is_updated_only_while_a_draft(api, people, column):
    from backend.directory import services

    from .conftest import SUBMITTED, pinned

    doc = draft(people)
    client = api(people["drafter"])
    with pinned(SUBMITTED):
        services.document_update(document=doc, data={"title": "新标题"}, actor=people["drafter"], now=SUBMITTED)
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
        with pytest.raises(services.DomainError) as err:
            services.document_update(document=doc, data={"title": "再改"}, actor=people["drafter"], now=SUBMITTED)
    assert err.value.status == 409
    assert client.get(f"{URL}{doc.pk}/").json()["title"] == "新标题"


def test_an_attachment_is_checked_like_case_materials(client, people, column):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["drafter"])
    bad = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post("/directory/new/", {**DOC, "attachments": bad})
    assert response.status_code == 400 and "只接受 PDF" in response.content.decode()
    assert not Document.objects.exists()
    good = SimpleUploadedFile("办法.pdf", PDF, content_type="application/pdf")
    response = client.post("/directory/new/", {**DOC, "attachments": good})
    assert response.status_code == 302
    assert Document.objects.get().attachments.get().content_type == "application/pdf"
