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


def interpretation_link(doc: Document) -> dict:
    """An interpretation as its policy lists it (title, form, date, link)."""
    return {"subject": doc.key, "title": mask_text(doc.title), "form": doc.interpretation_form,
            "form_label": str(doc.get_interpretation_form_display()),
            "interpreted_on": doc.interpreted_on.isoformat() if doc.interpreted_on else "",
            "path": public_path(doc.key)}


def _links(doc: Document) -> dict:
    """Both ways: an interpretation names its policy; a policy lists its public interpretations
    (those published so far — the public pages add the later ones from their own publications)."""
    if doc.interprets_id:
        policy = doc.interprets
        return {"interprets": {"subject": policy.key, "title": mask_text(policy.title),
                               "doc_number": policy.doc_number, "path": public_path(policy.key)},
                "interpretation_form": doc.interpretation_form,
                "interpretation_form_label": str(doc.get_interpretation_form_display()),
                "interpreted_on": doc.interpreted_on.isoformat() if doc.interpreted_on else ""}
    published = doc.interpretations.filter(status=Document.Status.PUBLISHED).order_by("interpreted_on", "id")
    return {"interpretations": [interpretation_link(i) for i in published],
            "service_items": sorted(doc.service_items.values_list("code", flat=True))}


def document_payload(doc: Document) -> dict:
    column = doc.column
    dept = (doc.interprets.column if doc.interprets_id else column).department  # 谁起草谁解读: the policy's unit
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
        **_links(doc),
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
