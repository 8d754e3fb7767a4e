"""What the public sees of letters, scheduled through the disclosure outbox (the one channel, with
the one masking policy): a reply the writer allowed, and each mailbox's monthly statistics.

Payloads are masked here already (the relay masks them again, which changes nothing): the writer's
name wherever it stands, and every ID number, mobile and recognisable name in the free text."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.disclosure.masking import mask_name, mask_text
from backend.disclosure.models import Publication
from backend.disclosure.outbox import document_schedule

from . import rules, stats
from .models import Letter, Mailbox, MailboxStatsRun


def masked_text(letter: Letter, text: str) -> str:
    return mask_text(rules.without_writer(text, letter.writer_name, mask_name(letter.writer_name)))


def reply_payload(letter: Letter) -> dict:
    dept = letter.department
    number = letter.case.number
    return {
        "subject": number,
        "title": masked_text(letter, letter.subject),
        "department": {"code": dept.code, "name": dept.name} if dept else {},
        "dated_on": timezone.localdate(letter.replied_at).isoformat(),
        "search_text": "\n".join([masked_text(letter, letter.subject), letter.get_letter_type_display(),
                                  dept.name if dept else ""]),
        "path": f"/public/letters/{number}/",
        "mailbox": {"code": letter.mailbox.code, "name": letter.mailbox.name},
        "letter_type": letter.get_letter_type_display(),
        "writer": mask_name(letter.writer_name),
        "question": masked_text(letter, letter.body),
        "reply": masked_text(letter, letter.reply_text),
        "classification": letter.get_classification_display(),
        "outcome": letter.get_outcome_display(),
        "received_on": timezone.localdate(letter.received_at).isoformat(),
        "replied_on": timezone.localdate(letter.replied_at).isoformat(),
    }


def letter_reply_schedule(*, letter: Letter, now: datetime):
    """Publish the released reply (idempotent by the release: a second call schedules nothing)."""
    key = f"letter-reply:{letter.pk}:{letter.releases.count()}"
    return document_schedule(kind=Publication.Kind.LETTER, key=key, payload=reply_payload(letter), now=now)


def _previous_month(today: date) -> date:
    first = today.replace(day=1)
    return (first.replace(year=first.year - 1, month=12) if first.month == 1
            else first.replace(month=first.month - 1))


def mailbox_stats_publish(*, now: datetime, month: date | None = None) -> int:
    """Each active mailbox's figures of the last complete month (or `month`), published once: a
    MailboxStatsRun row per mailbox and month, and the outbox key, make a second run a no-op."""
    month = (month or _previous_month(timezone.localdate(now))).replace(day=1)
    done = 0
    for mailbox in Mailbox.objects.filter(is_active=True).order_by("pk"):
        if MailboxStatsRun.objects.filter(mailbox=mailbox, month=month).exists():
            continue
        figures = stats.mailbox_month(mailbox=mailbox, month=month)
        with translation.override(settings.LANGUAGE_CODE):  # published text: the county's language
            title = _("%(mailbox)s %(year)s年%(month)s月来信办理情况") % {
                "mailbox": mailbox.name, "year": month.year, "month": month.month}
        try:
            with transaction.atomic():
                MailboxStatsRun.objects.create(mailbox=mailbox, month=month, figures=figures, created_at=now)
                key = f"mailbox-stats:{mailbox.code}:{month:%Y-%m}"
                document_schedule(kind=Publication.Kind.MAILBOX_STATS, key=key,
                                  payload={"subject": f"{mailbox.code}-{month:%Y-%m}",
                                           "title": title,
                                           "department": {}, "dated_on": month.isoformat(),
                                           "search_text": mailbox.name,
                                           "path": f"/public/letters/stats/{mailbox.code}-{month:%Y-%m}/",
                                           "mailbox": {"code": mailbox.code, "name": mailbox.name},
                                           "month": f"{month:%Y-%m}", **figures}, now=now)
        except IntegrityError:  # a concurrent run made the row first
            continue
        done += 1
    return done
