"""The outbox (发布队列) and its relay.

Writers add an `OutboxEvent` inside their own transaction; after commit a Celery task gets the
event's id as a hint, and the every-15-seconds sweep picks up whatever the hint missed (a lost
message, a worker restart, a guide version whose effective date has come). Both take the row with
`SELECT … FOR UPDATE SKIP LOCKED`, so two relays never hold one event; the unique idempotency key
of `Publication` is the last guard should a relay ever run without the lock (SQLite ignores it).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.catalog.models import GuideVersion, ServiceItem
from backend.catalog.selectors import guide_current
from backend.common.audit import audit
from backend.common.rows import insert_unless_taken

from . import snapshots, webhooks
from .masking import mask_payload, mask_text
from .models import OutboxEvent, Publication

logger = logging.getLogger(__name__)

# A failing event is pushed forward instead of blocking the sweep; capped so it is retried hourly.
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
CORRECTABLE_RESULT_FIELDS = ("applicant", "decision", "decision_label", "decided_on", "used_working_days",
                             "credit_code")


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- writing events ------------------------------------------------------------------------------

def enqueue_relay(event_id: int) -> None:
    """Hint the worker; the sweep is the safety net, so a broker that is down only delays."""
    if not getattr(settings, "DISCLOSURE_ENQUEUE", True):
        return
    from backend.common.hints import hint

    from .tasks import outbox_relay_task

    hint(outbox_relay_task, [event_id])  # never waits for the broker; the sweep is the net


def event_add(*, kind: str, key: str, now: datetime, due_at: datetime | None = None, guide=None, case=None,
              publication=None, payload: dict | None = None) -> OutboxEvent | None:
    """Add an event in the caller's transaction unless its key exists (also one a concurrent
    transaction is adding); None if it did. One statement: `insert_unless_taken` on the key."""
    due_at = max(due_at or now, now)
    event = OutboxEvent(kind=kind, key=key, guide=guide, case=case, publication=publication,
                        payload=payload or {}, created_at=now, due_at=due_at)
    if not insert_unless_taken(event, unique_field="key"):
        return None
    if due_at <= now:
        event_id = event.pk
        transaction.on_commit(lambda: enqueue_relay(event_id))
    return event


def guide_schedule(*, guide: GuideVersion, now: datetime) -> OutboxEvent | None:
    """A guide version was saved (or its materials, legal bases or process changed): publish it when
    it takes effect. A pending event is moved to the (possibly new) effective date instead of adding
    another; an edit after publication becomes a refresh that the relay publishes only if the public
    text actually changed."""
    due = max(now, start_of_day(guide.effective_from))
    pending = OutboxEvent.objects.filter(guide=guide, kind=OutboxEvent.Kind.GUIDE, processed_at__isnull=True)
    if pending.exists():
        pending.exclude(due_at=due).update(due_at=due)
        return None
    base = f"guide-version:{guide.pk}"
    event = event_add(kind=OutboxEvent.Kind.GUIDE, key=base, guide=guide, due_at=due, now=now)
    if event is None:
        event = event_add(kind=OutboxEvent.Kind.GUIDE, key=f"{base}:edit:{uuid.uuid4().hex[:16]}", guide=guide,
                          due_at=due, now=now)
    return event


def result_schedule(*, case: Case, now: datetime) -> OutboxEvent | None:
    """A case completed with a decision: snapshot the masked result and its clock figures now. A
    letter's or an information request's case is not a decision under 行政许可法 art. 40: its own
    app publishes what may be published (a reply the writer allowed), never this."""
    if not case.decision or case.item.category != ServiceItem.Category.APPLICATION:
        return None
    # No probe for the key first: a completion is recorded once, so the duplicate (a replayed hook)
    # that would spare the payload's one clock read is the rare case.
    return event_add(kind=OutboxEvent.Kind.RESULT, key=f"case-completed:{case.pk}", case=case, now=now,
                     payload=snapshots.result_payload(case, now=now))


def scorecard_schedule(*, month: str, key: str, payload: dict, now: datetime) -> OutboxEvent | None:
    """A month's ranking and circular, signed off: publish them (backend.scorecards builds the payload,
    which names departments only, never a person)."""
    return event_add(kind=OutboxEvent.Kind.SCORECARD, key=key, now=now, payload={**payload, "month": month})


def document_schedule(*, kind: str, key: str, payload: dict, now: datetime) -> OutboxEvent | None:
    """A document another app built whole — a letter's reply (backend.letters), a month's mailbox
    statistics, an annual disclosure report (backend.foi) — to publish as it is, masked by the one
    policy. `payload` carries `subject` (what versions it: a letter number, a month, a year), `title`,
    `department` ({code, name}, or empty), `dated_on` (ISO date), `search_text` and `path` (its public
    page, which webhooks announce); a second document
    with the same subject supersedes the first."""
    if kind not in Publication.DOCUMENT_KINDS:
        raise ValueError(f"not a document kind: {kind!r}")
    missing = {"subject", "title", "dated_on"} - payload.keys()
    if missing:
        raise ValueError(f"document payload lacks {sorted(missing)}")
    return event_add(kind=kind, key=key, now=now, payload=payload)


def notice_schedule(*, case: Case, event, now: datetime) -> OutboxEvent:
    """A 公示 step started: publish its notice (masked) for the period it runs."""
    return event_add(kind=OutboxEvent.Kind.NOTICE, key=f"publicity:{event.pk}", case=case, now=now,
                     payload=snapshots.notice_payload(case, event.data))


# --- relaying -------------------------------------------------------------------------------------

@dataclass
class RelayResult:
    processed: int = 0
    published: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


class _Duplicate(Exception):
    """Another relay published this event first (only possible without row locks)."""


class _SubjectBusy(Exception):
    """Another relay is publishing a different event on the same subject right now."""


# An event on a subject another relay is publishing is put back briefly, not counted as a failure.
BUSY_DELAY = timedelta(seconds=5)


def _subject_lock(kind: str, subject: str) -> None:
    """Hold this subject (an item's guide, a case's result) for the rest of the transaction.

    Two relays holding different events on one subject (a new guide version and a correction) would
    both read the same current publication and race to supersede it; the one-current constraint
    would turn the loser into a logged failure. With the lock the second waits its turn. It is a
    *try*: a sweep holds its batch's subjects until it commits, and waiting across two batches in
    different orders could deadlock. SQLite serialises writers already.
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"disclosure:{kind}:{subject}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            raise _SubjectBusy(f"{kind}:{subject}")


def relay_event(event_id: int, *, now: datetime) -> str | None:
    """Relay one event if it is due and no other relay holds it; returns the outcome or None."""
    with transaction.atomic():
        event = (OutboxEvent.objects.select_for_update(skip_locked=True)
                 .filter(pk=event_id, processed_at__isnull=True, due_at__lte=now).first())
        if event is None:
            return None
        return _process_safely(event, now=now)


def relay_due(*, now: datetime, batch: int = 50) -> RelayResult:
    """The sweep: every due event, in batches, each batch one transaction (kept small: publishing
    appends to the supervision log, whose head row stays locked until the batch commits)."""
    result = RelayResult()
    while True:
        with transaction.atomic():
            events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                          .filter(processed_at__isnull=True, due_at__lte=now).order_by("due_at", "id")[:batch])
            for event in events:
                outcome = _process_safely(event, now=now)
                result.processed += 1
                if outcome == "published":
                    result.published += 1
                elif outcome == "failed":
                    result.failed += 1
        if len(events) < batch:
            return result


def _process_safely(event: OutboxEvent, *, now: datetime) -> str:
    try:
        with transaction.atomic():
            outcome = _process(event, now=now)
    except _Duplicate:
        outcome = "duplicate"
    except _SubjectBusy:
        OutboxEvent.objects.filter(pk=event.pk).update(due_at=now + BUSY_DELAY)
        return "busy"
    except Exception as exc:  # a broken event is pushed forward, never crash-loops the sweep
        logger.exception("disclosure: event %s failed", event.key)
        attempts = event.attempts + 1
        delay = min(RETRY_BASE * 2 ** (attempts - 1), RETRY_CAP)
        OutboxEvent.objects.filter(pk=event.pk).update(attempts=attempts, last_error=repr(exc)[:2000],
                                                       due_at=now + delay)
        return "failed"
    OutboxEvent.objects.filter(pk=event.pk).update(processed_at=now, outcome=outcome, attempts=event.attempts + 1,
                                                   last_error="")
    return outcome


def _process(event: OutboxEvent, *, now: datetime) -> str:
    if event.kind == OutboxEvent.Kind.GUIDE:
        return _relay_guide(event, now=now)
    if event.kind == OutboxEvent.Kind.RESULT:
        return _relay_result(event, now=now)
    if event.kind == OutboxEvent.Kind.CORRECTION:
        return _relay_correction(event, now=now)
    if event.kind == OutboxEvent.Kind.NOTICE:
        _publish(event=event, kind=Publication.Kind.NOTICE, payload=event.payload, now=now)
        return "published"
    if event.kind == OutboxEvent.Kind.SCORECARD:
        _publish(event=event, kind=Publication.Kind.SCORECARD, payload=event.payload, now=now)
        return "published"
    if event.kind in Publication.DOCUMENT_KINDS:
        _publish(event=event, kind=event.kind, payload=event.payload, now=now)
        return "published"
    if event.kind == OutboxEvent.Kind.WITHDRAWAL:
        publication = event.publication
        if publication is None:
            return "gone"
        webhooks.deliveries_queue(event=event, publication=publication, event_type="publication.withdrawn", now=now)
        return "announced"
    raise ValueError(f"unknown outbox event kind {event.kind!r}")


def _relay_guide(event: OutboxEvent, *, now: datetime) -> str:
    guide = (GuideVersion.objects.select_related("item__department").filter(pk=event.guide_id).first()
             if event.guide_id else None)
    if guide is None:
        return "gone"
    if not guide.item.is_active:
        return _withdraw_guide_of_inactive_item(guide.item.code, now=now)
    current = guide_current(item=guide.item, on=timezone.localdate(now))
    if current is None or current.pk != guide.pk:
        return "not_current"
    newest = (Publication.objects.filter(kind=Publication.Kind.GUIDE, subject=guide.item.code)
              .order_by("-version").first())
    if (newest is not None and newest.status == Publication.Status.WITHDRAWN and newest.withdrawn_by_id
            and newest.payload.get("version") == guide.version):
        # An administrator took this guide version down; an unrelated catalog edit must not put it
        # back. A new guide version is published as usual, and so is an item handled again after
        # its guide was withdrawn automatically (no administrator) when it stopped.
        return "withdrawn"
    payload = snapshots.guide_payload(guide)
    latest = _current(Publication.Kind.GUIDE, guide.item.code)
    if latest is not None and latest.digest == snapshots.digest(payload):
        return "unchanged"
    _publish(event=event, kind=Publication.Kind.GUIDE, payload=payload, now=now)
    return "published"


def _withdraw_guide_of_inactive_item(item_code: str, *, now: datetime) -> str:
    """An item no longer handled (停止办理): its guide leaves the public site, announced like any
    withdrawal."""
    from .services import publication_withdraw  # services build on this module

    current = _current(Publication.Kind.GUIDE, item_code)
    if current is None:
        return "inactive"
    with translation.override(settings.LANGUAGE_CODE):
        publication_withdraw(publication=current, reason=_("该事项已停止办理。"), actor=None, now=now)
    return "withdrawn_inactive"


def _relay_result(event: OutboxEvent, *, now: datetime) -> str:
    if Publication.objects.filter(kind=Publication.Kind.RESULT, subject=event.payload.get("case_number")).exists():
        return "already_public"  # a correction or withdrawal already happened to this result
    _publish(event=event, kind=Publication.Kind.RESULT, payload=event.payload, now=now)
    return "published"


def _relay_correction(event: OutboxEvent, *, now: datetime) -> str:
    old = event.publication
    if old is None or old.status != Publication.Status.PUBLISHED:
        return "stale"
    reason = event.payload.get("reason", "")
    if old.kind == Publication.Kind.GUIDE:
        item = ServiceItem.objects.select_related("department").filter(code=old.subject).first()
        guide = guide_current(item=item, on=timezone.localdate(now)) if item else None
        if guide is None:
            return "gone"
        payload = snapshots.guide_payload(guide)
    else:
        case = Case.objects.select_related("item__department", "guide").filter(number=old.subject).first()
        if case is None:
            return "gone"
        clock = {k: old.payload.get(k) for k in ("used_working_days", "statutory_breach")}
        payload = snapshots.result_payload(case, now=now, clock=clock)
        overrides = event.payload.get("overrides") or {}
        payload.update({k: v for k, v in overrides.items() if k in CORRECTABLE_RESULT_FIELDS})
    payload["correction"] = {"reason": reason, "replaces_version": old.version}
    _publish(event=event, kind=old.kind, payload=payload, now=now, correction_reason=reason)
    return "published"


def _current(kind: str, subject: str) -> Publication | None:
    return Publication.objects.select_for_update().filter(kind=kind, subject=subject,
                                                          status=Publication.Status.PUBLISHED).first()


def _describe(kind: str, payload: dict) -> dict:
    if kind in Publication.DOCUMENT_KINDS:
        department = payload.get("department") or {}
        return {"subject": str(payload["subject"]), "title": payload["title"], "item_code": "", "item_name": "",
                "department_code": department.get("code", ""), "department_name": department.get("name", ""),
                "decision": "", "decided_on": date.fromisoformat(payload["dated_on"]),
                "search_text": payload.get("search_text") or payload["title"]}
    if kind == Publication.Kind.SCORECARD:  # a month's ranking and circular: about departments, no item
        return {"subject": payload["month"], "title": payload["title"], "item_code": "", "item_name": "",
                "department_code": "", "department_name": "", "decision": "",
                "decided_on": date.fromisoformat(f"{payload['month']}-01"),
                "search_text": "\n".join([payload["title"], *(row["label"] for row in payload["ranking"])])}
    item = payload["item"]
    fields = {"item_code": item["code"], "item_name": item["name"], "department_code": item["department"]["code"],
              "department_name": item["department"]["name"]}
    if kind == Publication.Kind.NOTICE:
        fields.update(subject=payload["case_number"], title=payload["title"], decision="",
                      decided_on=date.fromisoformat(payload["ends_on"]),  # the period's last day
                      search_text="\n".join([item["name"], payload["case_number"], payload["applicant"]]))
    elif kind == Publication.Kind.GUIDE:
        fields.update(subject=item["code"], title=item["name"], decision="",
                      decided_on=date.fromisoformat(payload["effective_from"]),
                      search_text=snapshots.guide_search_text(payload))
    else:
        fields.update(subject=payload["case_number"], title=f"{item['name']} · {payload['case_number']}",
                      decision=payload["decision"], decided_on=date.fromisoformat(payload["decided_on"]),
                      search_text="\n".join([item["name"], payload["case_number"], payload["applicant"]]))
    return fields


def _publish(*, event: OutboxEvent, kind: str, payload: dict, now: datetime,
             correction_reason: str = "") -> Publication:
    if Publication.objects.filter(idempotency_key=event.key).exists():
        raise _Duplicate(event.key)
    # Snapshots are masked when built; masking again here (it changes nothing then) covers result
    # events queued before the policy reached a field, and a correction's reason and overrides.
    payload = mask_payload(payload)
    correction_reason = mask_text(correction_reason)
    fields = _describe(kind, payload)
    _subject_lock(kind, fields["subject"])
    previous = _current(kind, fields["subject"])
    if previous is not None:
        previous.status = Publication.Status.SUPERSEDED
        previous.updated_at = now
        previous.save(update_fields=["status", "updated_at"])
    version = (Publication.objects.filter(kind=kind, subject=fields["subject"]).aggregate(v=Max("version"))["v"]
               or 0) + 1
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                kind=kind, version=version, idempotency_key=event.key, event=event, payload=payload,
                digest=snapshots.digest(payload), supersedes=previous, published_at=now, updated_at=now,
                correction_reason=correction_reason, **fields,
            )
    except IntegrityError:
        if Publication.objects.filter(idempotency_key=event.key).exists():
            raise _Duplicate(event.key) from None
        raise  # e.g. another relay made a newer current version: the event is retried, never dropped
    audit("publication_published", {
        "publication": str(publication.uuid), "kind": kind, "subject": publication.subject,
        "version": version, "key": event.key, "digest": publication.digest,
        "supersedes": str(previous.uuid) if previous else None,
    }, now=now)
    event_type = "publication.corrected" if event.kind == OutboxEvent.Kind.CORRECTION else "publication.published"
    webhooks.deliveries_queue(event=event, publication=publication, event_type=event_type, now=now)
    return publication
