"""Outbound delivery (推送) of publication events to subscribed systems.

Each event becomes one `Delivery` row per active subscription, written in the relay's transaction.
A delivery is claimed with a compare-and-set update (attempts + 1, next attempt pushed out by a
lease), POSTed outside any transaction through `outbound` (which refuses internal addresses and
never follows redirects), and settled: delivered, retried later with exponential backoff, or —
after the last attempt — dead, until an administrator replays it.

The body is signed: `X-Tongban-Signature: sha256=<hex HMAC-SHA256 of the raw body with the
subscription's secret>`; `X-Tongban-Event` carries the event id, which stays the same across retries
so receivers can drop duplicates, and `X-Tongban-Timestamp` the attempt time (Unix seconds).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import channels, outbound
from .models import Delivery, OutboxEvent, Publication, WebhookSubscription

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Tongban-Signature"
EVENT_HEADER = "X-Tongban-Event"
TIMESTAMP_HEADER = "X-Tongban-Timestamp"
LEASE = timedelta(minutes=2)  # a worker that dies mid-POST leaves the row to be retried after this


def max_attempts() -> int:
    return getattr(settings, "DISCLOSURE_WEBHOOK_MAX_ATTEMPTS", 6)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: base, 2×base, 4×base… capped at six hours."""
    base = getattr(settings, "DISCLOSURE_WEBHOOK_BACKOFF_SECONDS", 30)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), timedelta(hours=6))


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header or "")


def public_url(publication: Publication) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    if publication.kind in Publication.DOCUMENT_KINDS and publication.payload.get("path"):
        return site + publication.payload["path"]  # the owning app's public page (document_schedule)
    part = {Publication.Kind.GUIDE: "guides", Publication.Kind.SCORECARD: "scorecards"}.get(publication.kind, "results")
    return f"{site}/public/{part}/{publication.subject}/"


def event_body(*, event: OutboxEvent, publication: Publication, event_type: str, now: datetime,
               channel: str = WebhookSubscription.Channel.WEBHOOK) -> str:
    data = {
        "id": str(event.uuid),
        "type": event_type,
        "occurred_at": timezone.localtime(now).isoformat(),
        "publication": {
            "id": str(publication.uuid), "kind": publication.kind, "subject": publication.subject,
            "version": publication.version, "url": public_url(publication),
        },
    }
    if event_type == "publication.withdrawn":
        data["publication"].update(status="withdrawn", withdrawn_reason=publication.withdrawn_reason)
    else:
        data["publication"].update(status=publication.status, content=publication.payload)
    data = channels.render(channel, envelope=data, publication=publication, event_type=event_type)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def enqueue_delivery(delivery_id: int) -> None:
    if not getattr(settings, "DISCLOSURE_ENQUEUE", True):
        return
    from backend.common.hints import hint

    from .tasks import delivery_attempt_task

    hint(delivery_attempt_task, [delivery_id])  # never waits for the broker; the sweep retries due deliveries


def deliveries_queue(*, event: OutboxEvent, publication: Publication, event_type: str,
                     now: datetime) -> list[Delivery]:
    subscriptions = WebhookSubscription.objects.filter(is_active=True, scope__in=["all", publication.kind])
    bodies: dict[str, str] = {}  # one rendering per channel
    created = []
    for subscription in subscriptions:
        if Delivery.objects.filter(subscription=subscription, event=event).exists():
            continue
        channel = subscription.channel
        if channel not in bodies:
            bodies[channel] = event_body(event=event, publication=publication, event_type=event_type, now=now,
                                         channel=channel)
        body = bodies[channel]
        created.append(Delivery.objects.create(subscription=subscription, event=event, publication=publication,
                                               body=body, next_attempt_at=now, created_at=now))
    ids = [d.pk for d in created]
    if ids:
        transaction.on_commit(lambda: [enqueue_delivery(i) for i in ids])
    return created


def _post(delivery: Delivery, *, now: datetime) -> tuple[bool, int | None, str]:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Tongban-Disclosure/1",
        SIGNATURE_HEADER: sign(delivery.subscription.secret, body),
        EVENT_HEADER: str(delivery.event.uuid),
        "X-Tongban-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: str(int(now.timestamp())),
    }
    timeout = getattr(settings, "DISCLOSURE_WEBHOOK_TIMEOUT", 10)
    try:
        status = outbound.post(delivery.subscription.url, body, headers, timeout)
    except outbound.OutboundRefused as exc:
        logger.warning("disclosure: delivery %s refused: %s", delivery.pk, exc.reason)
        return False, None, exc.reason[:500]
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return False, None, (str(exc) or type(exc).__name__)[:500]
    if 200 <= status < 300:
        return True, status, ""
    return False, status, f"HTTP {status}"


def delivery_attempt(delivery_id: int, *, now: datetime) -> str | None:
    """One attempt, if the delivery is due and this caller wins the claim; returns the new status."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=now + LEASE, last_attempt_at=now)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("subscription", "event", "publication").get(pk=delivery_id)
    stale = _no_longer_public(delivery)
    if stale:
        fields = {"status": Delivery.Status.CANCELED, "last_status_code": None, "last_error": stale}
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING,
                                attempts=delivery.attempts).update(**fields)
        return Delivery.Status.CANCELED
    ok, code, error = _post(delivery, now=now)
    fields = {"last_status_code": code, "last_error": error}
    if ok:
        fields.update(status=Delivery.Status.DELIVERED, delivered_at=now)
    elif delivery.attempts >= max_attempts():
        fields.update(status=Delivery.Status.DEAD)
    else:
        fields.update(next_attempt_at=now + backoff(delivery.attempts))
    # Settle only our own claim: an admin replay in between wins.
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, attempts=delivery.attempts).update(**fields)
    return fields.get("status", Delivery.Status.PENDING)


def _no_longer_public(delivery: Delivery) -> str:
    """Why a content delivery must not go out any more ("" if it may): a retry or replay must not
    send content that has since been withdrawn, or replaced by a version that may itself have been
    withdrawn; the newer version and the withdrawal have their own events."""
    publication = delivery.publication
    if delivery.event.kind == OutboxEvent.Kind.WITHDRAWAL or publication is None:
        return ""
    if publication.status == Publication.Status.WITHDRAWN:
        return str(_("该信息已撤回，不再推送其内容。"))
    if publication.status != Publication.Status.PUBLISHED:
        return str(_("该信息已有新版本，不再推送旧版本的内容。"))
    return ""


def deliveries_due(*, now: datetime, batch: int = 100) -> dict:
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update(skip_locked=True)
                   .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                   .order_by("next_attempt_at", "id").values_list("id", flat=True)[:batch])
    counts = {"attempted": 0, "delivered": 0, "dead": 0}
    started = time.monotonic()
    for delivery_id in ids:
        # Each claim's lease counts from its own attempt: a batch of slow receivers can take minutes,
        # and a lease dated from the sweep's start would expire before the POST, inviting a second
        # worker to send the same delivery.
        status = delivery_attempt(delivery_id, now=now + timedelta(seconds=int(time.monotonic() - started)))
        if status in (None, Delivery.Status.CANCELED):
            continue
        counts["attempted"] += 1
        if status in ("delivered", "dead"):
            counts[status] += 1
    return counts
