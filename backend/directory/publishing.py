"""What the public sees of a document, scheduled through the disclosure outbox (the one channel,
the one masking policy). Every version of a document publishes under the same subject, so the
relay supersedes the older one (a correction)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from backend.disclosure.masking import mask_text
from backend.disclosure.models import Publication
from backend.disclosure.outbox import document_schedule

from .models import Document


def public_path(key: str) -> str:
    return f"/public/catalogue/documents/{key}/"


def document_payload(doc: Document) -> dict:
    column, dept = doc.column, doc.column.department
    title, body = mask_text(doc.title), mask_text(doc.body)
    payload = {
        "subject": doc.key,
        "title": title,
        "department": {"code": dept.code, "name": dept.name} if dept else {},
        "dated_on": doc.published_on.isoformat(),
        "search_text": "\n".join(t for t in (title, doc.doc_number, body) if t),
        "path": public_path(doc.key),
        "column": {"code": column.code, "name": column.name},
        "doc_number": doc.doc_number,
        "issuing_organ": mask_text(doc.issuing_organ),
        "written_on": doc.written_on.isoformat(),
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else "",
        "published_on": doc.published_on.isoformat(),
        "validity": doc.validity,
        "validity_label": str(doc.get_validity_display()),
        "topic": doc.topic,
        "body": body,
        "version": doc.version,
    }
    if doc.version > 1:
        payload["correction"] = {"reason": mask_text(doc.correction_reason), "replaces_version": doc.version - 1}
    return payload


def document_publish_schedule(*, doc: Document, now: datetime):
    """Publish the signed-off version (idempotent by version: a second call schedules nothing)."""
    if doc.published_on is None:
        doc.published_on = timezone.localdate(now)
    return document_schedule(kind=Publication.Kind.DOCUMENT, key=f"directory-doc:{doc.pk}:v{doc.version}",
                             payload=document_payload(doc), now=now)
