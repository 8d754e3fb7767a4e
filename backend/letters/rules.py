"""The pure rules of letters: reply limits, the county's classification of replies, what is
published and how the writer's own name is kept out of it. No database access here."""

from __future__ import annotations

import hashlib

from .models import Letter, LetterType

# 县长信箱答复时限（工作日）: the defaults the ReplyLimit table starts with (admin-editable).
DEFAULT_REPLY_LIMITS = {
    LetterType.CONSULTATION: 5,
    LetterType.HELP: 10,
    LetterType.SUGGESTION: 10,
    LetterType.COMPLAINT: 15,
    LetterType.REPORT: 15,
}

SUBJECT_MAX, BODY_MAX, REPLY_MAX, REASON_MAX = 100, 5000, 8000, 1000
ATTACHMENTS_MAX = 5

C, OUT = Letter.Classification, Letter.Outcome
# The outcomes a classification allows (the county's handling rules).
OUTCOMES = {
    C.CONSTRUCTIVE: (OUT.ADOPTED, OUT.ANSWERED),      # adopted or answered, and published
    C.DIFFICULTY: (OUT.RESOLVED,),                   # the resolution is published
    C.MISUNDERSTANDING: (OUT.EXPLAINED,),            # explained
    C.WRONG_VIEW: (OUT.CORRECTED,),                  # a published correction
    C.FALSE_REPORT: (OUT.ANSWERED, OUT.REFERRED),      # a reply; referred where it may be unlawful
    C.GENERAL: (OUT.ANSWERED, OUT.RESOLVED, OUT.EXPLAINED),
}
# A false report's reply is never published: it names the accused.
NEVER_PUBLISHED = frozenset({C.FALSE_REPORT})


def outcome_allowed(classification: str, outcome: str) -> bool:
    return outcome in OUTCOMES.get(classification, ())


def publishable(*, may_publish: bool, classification: str) -> bool:
    """Published when the writer allowed it, except what would expose a third party."""
    return bool(may_publish) and classification not in NEVER_PUBLISHED


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def without_writer(text: str, writer_name: str, masked_name: str) -> str:
    """The writer's own name wherever it stands in a published text, masked (the policy masks names
    it recognises by their context; the writer's name is known, so it is masked everywhere)."""
    name = (writer_name or "").strip()
    if len(name) >= 2 and text:
        text = text.replace(name, masked_name)
    return text


def reply_rate(replied: int, accepted: int) -> float | None:
    return round(replied / accepted, 4) if accepted else None
