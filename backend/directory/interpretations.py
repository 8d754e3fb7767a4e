"""Policy interpretations (政策解读, 谁起草谁解读): the synchronisation rules.

A policy that needs an interpretation (`Document.needs_interpretation`) goes through submission,
review and sign-off together with at least one of its interpretations in the same state (同步审签);
its sign-off publishes them in the same transaction (同步发布). Once the policy is public, further
interpretations (分段多次) go through review and sign-off on their own. An interpretation is never
signed off alone while its policy is unpublished: it goes with the policy.

The services (backend/directory/services.py) call these helpers inside their transaction; nothing
here writes events or publishes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.common.errors import Conflict, DomainError, FieldError

from . import rules
from .models import Document

S = Document.Status
DEFAULT_COLUMN = "zcjd"  # the seeded 政策解读 column


def is_interpretation(doc: Document) -> bool:
    return doc.interprets_id is not None


def companions(policy: Document, *, decision: str = "approve") -> list[Document]:
    """The interpretations that take this step with the policy: those in the policy's current state
    (locked). Approving a policy that needs an interpretation, before any of its interpretations is
    public, without one of them in the same state is a field error (`interpretation` / `missing`)."""
    if is_interpretation(policy):
        return []
    found = list(Document.objects.select_for_update(of=("self",)).select_related("column__department")
                 .filter(interprets=policy, status=policy.status).order_by("id"))
    if (not found and decision == "approve" and policy.needs_interpretation
            and not policy.interpretations.filter(published_on__isnull=False).exists()):
        raise DomainError.single("interpretation", "missing", _(
            "该文件须配政策解读：请与至少一篇处于同一环节的政策解读同步报送、审核和审签（谁起草谁解读）。"))
    return found


def sign_off_alone_check(doc: Document) -> None:
    """An interpretation signed off on its own: only once its policy is public (分段多次)."""
    if not is_interpretation(doc):
        return
    policy = doc.interprets
    if policy.published_on is None or policy.status == S.WITHDRAWN:
        raise Conflict("with_policy", _("政策解读须与所解读的政策同步审签发布；政策公开后方可单独审签。"))


def policy_check(policy: Document | None) -> Document:
    """What an interpretation may interpret: a document of the catalogue that is not itself an
    interpretation and has not been withdrawn."""
    if policy is None:
        raise DomainError.single("interprets", "required", _("请指明所解读的政策文件。"))
    if is_interpretation(policy):
        raise DomainError.single("interprets", "invalid", _("不能为政策解读再作解读。"))
    if policy.status == S.WITHDRAWN:
        raise Conflict("wrong_state", _("该政策文件已撤回，不能再添加解读。"))
    return policy


# -- the fields of an interpretation (cleaned with the document's, in services._clean) --------------
def clean_fields(data: dict, *, partial: bool, out: dict, errors: list, parse_date) -> None:
    """Its form (text, qa, graphic, video) and its date (required)."""
    if not partial or "interpretation_form" in data:
        form = str(data.get("interpretation_form") or "")
        if form not in Document.InterpretationForm.values:
            errors.append(FieldError("interpretation_form", "invalid" if form else "required",
                                     _("解读形式应为 text（文字）、qa（问答）、graphic（图解）或 video（视频）。")))
        out["interpretation_form"] = form
    if not partial or "interpreted_on" in data:
        out["interpreted_on"] = parse_date(data.get("interpreted_on"), "interpreted_on", errors)
        if out["interpreted_on"] is None and not any(e.field == "interpreted_on" for e in errors):
            errors.append(FieldError("interpreted_on", "required", _("请填写解读日期。")))


def attachment_check(form: str, *, files, has_attachments: bool, errors: list) -> None:
    """图解 and 视频 interpretations are their picture or video: without an attachment, a field error."""
    if form in rules.FORMS_WITH_ATTACHMENT and not files and not has_attachments:
        errors.append(FieldError("attachments", "required", _("图解、视频形式的政策解读须上传图解或视频附件。")))
