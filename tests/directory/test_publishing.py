"""The publish process end to end: draft → review → sign-off → the public page, masked."""

from __future__ import annotations

import pytest

from backend.directory import services
from backend.directory.models import Column, Document, DocumentEvent
from backend.disclosure.models import OutboxEvent, Publication
from backend.supervision.models import LogEntry

from .conftest import DOC, REVIEWED, SIGNED, SUBMITTED, draft, pinned, publish

pytestmark = pytest.mark.django_db


def test_a_signed_off_document_is_on_its_public_page_with_names_and_numbers_masked(client, people, column):
    doc = publish(people, draft(people))
    assert doc.status == Document.Status.PUBLISHED
    assert doc.published_on.isoformat() == "2026-11-04"

    page = client.get(f"/public/catalogue/documents/{doc.key}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert DOC["title"] in html and "临建〔2026〕12号" in html
    assert "张*丰" in html and "139****5678" in html and "110105********002X" in html
    assert "张三丰" not in html and "13912345678" not in html and "11010519491231002X" not in html


def test_nothing_is_public_before_sign_off(client, people, column):
    doc = draft(people)
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
    with pinned(REVIEWED):
        services.document_review(document=doc, decision="approve", actor=people["reviewer"], now=REVIEWED)
    assert not OutboxEvent.objects.filter(kind="document").exists()
    assert client.get(f"/public/catalogue/documents/{doc.key}/").status_code == 404


def test_sign_off_schedules_one_document_publication_and_stamps_the_column(people, column):
    doc = publish(people, draft(people))
    pub = Publication.objects.get(kind=Publication.Kind.DOCUMENT, subject=doc.key)
    assert pub.status == Publication.Status.PUBLISHED and pub.department_code == "zjj"
    assert pub.payload["column"] == {"code": "zcwj", "name": "政策文件"}
    assert pub.payload["path"] == f"/public/catalogue/documents/{doc.key}/"
    assert pub.payload["validity"] == "valid" and pub.payload["topic"] == "城乡建设"
    assert Column.objects.get(pk=column.pk).last_published_at == SIGNED


def test_every_step_leaves_an_event_and_a_log_entry(people, column):
    doc = publish(people, draft(people))
    kinds = list(DocumentEvent.objects.filter(document=doc).values_list("kind", flat=True))
    assert kinds == ["drafted", "submitted", "reviewed", "signed_off"]
    logged = set(LogEntry.objects.filter(kind__startswith="directory_document_").values_list("kind", flat=True))
    assert logged == {"directory_document_drafted", "directory_document_submitted", "directory_document_reviewed",
                      "directory_document_signed_off"}


def test_the_reviewer_returns_with_reasons_and_the_drafter_sees_them(client, people, column):
    doc = draft(people)
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
    with pinned(REVIEWED):
        with pytest.raises(services.DomainError) as err:
            services.document_review(document=doc, decision="return", opinion="", actor=people["reviewer"],
                                     now=REVIEWED)
        assert err.value.errors[0].field == "opinion"
        services.document_review(document=doc, decision="return", opinion="请补充补贴标准。",
                                 actor=people["reviewer"], now=REVIEWED)
    doc.refresh_from_db()
    assert doc.status == Document.Status.DRAFT
    client.force_login(people["drafter"])
    page = client.get(f"/directory/{doc.pk}/").content.decode()
    assert "请补充补贴标准。" in page and "退回" in page


def test_the_head_returns_at_sign_off_and_the_document_goes_round_again(people, column):
    doc = draft(people)
    with pinned(SUBMITTED):
        services.document_submit(document=doc, actor=people["drafter"], now=SUBMITTED)
        services.document_review(document=doc, decision="approve", actor=people["reviewer"], now=SUBMITTED)
        services.document_sign_off(document=doc, decision="return", opinion="文号有误", actor=people["head"],
                                   now=SUBMITTED)
    doc.refresh_from_db()
    assert doc.status == Document.Status.DRAFT
    assert DocumentEvent.objects.filter(document=doc, kind="returned", opinion="文号有误").exists()
    assert not OutboxEvent.objects.filter(kind="document").exists()
    doc = publish(people, doc)
    assert doc.status == Document.Status.PUBLISHED


def test_a_step_from_the_wrong_state_is_a_conflict(people, column):
    doc = draft(people)
    with pinned(SUBMITTED), pytest.raises(services.DomainError) as err:
        services.document_sign_off(document=doc, decision="approve", actor=people["head"], now=SUBMITTED)
    assert err.value.status == 409
