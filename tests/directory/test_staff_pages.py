"""The staff pages: the unit's columns and documents, and the steps as buttons."""

from __future__ import annotations

import pytest
import time_machine

from backend.directory.models import Document

from .conftest import DOC, draft

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_units_columns_and_documents_with_states(client, people, column, water_column):
    doc = draft(people)
    client.force_login(people["drafter"])
    html = client.get("/directory/").content.decode()
    assert "政策文件" in html and "财政资金" not in html and doc.title in html and "草稿" in html
    client.force_login(people["water_staff"])
    html = client.get("/directory/").content.decode()
    assert doc.title not in html and "财政资金" in html
    assert client.get(f"/directory/{doc.pk}/").status_code == 404


def test_draft_submit_review_and_sign_off_through_the_pages(client, people, column):
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        client.force_login(people["drafter"])
        assert client.post("/directory/new/", DOC).status_code == 302
        doc = Document.objects.get()
        assert client.post(f"/directory/{doc.pk}/submit/").status_code == 302
        client.force_login(people["reviewer"])
        page = client.get(f"/directory/{doc.pk}/").content.decode()
        assert "审核" in page and "review/" in page and "sign_off/" not in page
        response = client.post(f"/directory/{doc.pk}/review/", {"decision": "return", "opinion": ""})
        assert response.status_code == 400 and "退回须说明理由。" in response.content.decode()
        client.post(f"/directory/{doc.pk}/review/", {"decision": "approve", "opinion": "同意"})
        assert client.post(f"/directory/{doc.pk}/sign_off/", {"decision": "approve"}).status_code == 403
        client.force_login(people["head"])
        assert client.post(f"/directory/{doc.pk}/sign_off/", {"decision": "approve"}).status_code == 302
    doc.refresh_from_db()
    assert doc.status == Document.Status.PUBLISHED and doc.signed_off_by == people["head"]
