"""Plain-form helpers shared by the HTML pages: turning a DomainError into per-field messages and
reading the applicant block of a filing form.

Validation itself stays in the services (backend.cases.applicants); the pages only carry the
user's input there and show each message next to the field it names.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from backend.catalog.models import ProcessStep
from backend.common.errors import DomainError

NON_FIELD = "__all__"

# Form field names, in the order the applicant block asks for them.
APPLICANT_FIELDS = ("type", "name", "id_number", "credit_code", "contact_name", "mobile")

# A decision a staff member chooses on a task (the same words as step names and events, so in their
# own translation context: "Accept" here, "Acceptance" as a step).
DECISION_LABELS = {
    "accept": pgettext_lazy("decision", "受理"),
    "refuse": pgettext_lazy("decision", "不予受理"),
    "supplement": pgettext_lazy("decision", "一次性告知补正"),
    "approve": pgettext_lazy("decision", "准予许可"),
    "deny": pgettext_lazy("decision", "不予许可"),
    "done": pgettext_lazy("decision", "完成本环节"),
    "send_back": pgettext_lazy("decision", "退回"),
    "recommend_approve": pgettext_lazy("decision", "建议准予"),
    "recommend_deny": pgettext_lazy("decision", "建议不予"),
}


def errors_by_field(exc: DomainError, *, strip_prefix: str = "applicant.") -> dict[str, list[str]]:
    """{"name": ["此项为必填项。"], "__all__": [...]} from a DomainError's FieldErrors."""
    out: dict[str, list[str]] = {}
    for error in exc.errors:
        key = error.field or NON_FIELD
        if strip_prefix and key.startswith(strip_prefix):
            key = key[len(strip_prefix):]
        out.setdefault(key, []).append(str(error.message))
    return out


def non_field_messages(errors: dict[str, list[str]], shown_fields) -> list[str]:
    """Messages that no field on the page will show (so the page shows them at the top)."""
    return [m for key, messages in errors.items() if key not in shown_fields for m in messages]


def applicant_from_post(post) -> dict:
    """The applicant block as entered, trimmed; the service validates it."""
    kind = post.get("type") if post.get("type") in ("person", "company") else "person"
    data = {"type": kind}
    for key in APPLICANT_FIELDS[1:]:
        data[key] = (post.get(key) or "").strip()
    return data


def applicant_payload(values: dict) -> dict:
    """Only the keys that belong to the chosen applicant type go to the service."""
    if values["type"] == "company":
        keys = ("type", "name", "credit_code", "contact_name", "mobile")
    else:
        keys = ("type", "name", "id_number", "mobile")
    return {k: values.get(k, "") for k in keys}


def lines(text: str | None) -> list[str]:
    """One entry per non-blank line (the missing-materials textarea)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def step_label(step: str) -> str:
    return ProcessStep.label_for(step)


def decision_label(decision: str) -> str:
    return str(DECISION_LABELS.get(decision, decision))
