"""Subscribed systems receive each publication as a signed POST, with retries and a dead letter."""

import json
from datetime import timedelta

import pytest

from backend.disclosure import services, webhooks
from backend.disclosure.models import Delivery, Publication, WebhookSubscription
from tests.disclosure.conftest import SOON, person

T0 = SOON


@pytest.fixture
def subscription(receiver, db):
    return WebhookSubscription.objects.create(name="市政务公开平台", url=receiver.url, secret="s3cret", scope="result")


def test_a_publication_is_posted_signed_with_hmac_sha256(decide, relay, subscription, receiver):
    case = decide(person("孙悟空"))
    relay(at=T0)
    assert webhooks.deliveries_due(now=T0) == {"attempted": 1, "delivered": 1, "dead": 0}
    [request] = receiver.requests
    assert webhooks.signature_valid("s3cret", request["body"], request["headers"]["X-Tongban-Signature"])
    assert not webhooks.signature_valid("other", request["body"], request["headers"]["X-Tongban-Signature"])
    body = json.loads(request["body"])
    assert body["type"] == "publication.published" and request["headers"]["X-Tongban-Event"] == body["id"]
    assert body["publication"]["content"]["case_number"] == case.number
    assert body["publication"]["content"]["applicant"] == "孙*空"
    assert "孙悟空" not in request["body"].decode()
    assert Delivery.objects.get().status == "delivered"


def test_a_failing_endpoint_is_retried_with_exponential_backoff(decide, relay, subscription, receiver, settings):
    settings.DISCLOSURE_WEBHOOK_BACKOFF_SECONDS = 30
    receiver.statuses = [500, 503]
    decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("pending", 1, T0 + timedelta(seconds=30))
    assert webhooks.deliveries_due(now=T0 + timedelta(seconds=29))["attempted"] == 0
    webhooks.deliveries_due(now=T0 + timedelta(seconds=30))
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_attempt_at) == (2, T0 + timedelta(seconds=90))
    webhooks.deliveries_due(now=T0 + timedelta(seconds=90))
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.requests) == 3
    # Retries carry the same event id and body, so receivers can drop duplicates.
    assert len({r["headers"]["X-Tongban-Event"] for r in receiver.requests}) == 1
    assert len({r["body"] for r in receiver.requests}) == 1


def test_after_the_last_attempt_a_delivery_is_dead_until_an_admin_replays_it(decide, relay, subscription, receiver,
                                                                           settings, staff):
    settings.DISCLOSURE_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.statuses = [500, 500]
    decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    webhooks.deliveries_due(now=T0 + timedelta(hours=1))
    delivery = Delivery.objects.get()
    assert delivery.status == "dead" and delivery.last_status_code == 500
    assert webhooks.deliveries_due(now=T0 + timedelta(days=1))["attempted"] == 0
    services.delivery_replay(delivery=delivery, actor=staff["approver"], now=T0 + timedelta(days=1))
    webhooks.deliveries_due(now=T0 + timedelta(days=1))
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.requests) == 3


def test_an_unreachable_endpoint_is_recorded_not_raised(decide, relay, db, receiver):
    WebhookSubscription.objects.create(name="关停的系统", url="http://127.0.0.1:9/none", secret="x", scope="result")
    decide()
    relay(at=T0)
    assert webhooks.deliveries_due(now=T0)["attempted"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.last_error


def test_a_withdrawal_is_sent_as_its_own_event(decide, relay, subscription, receiver, staff):
    case = decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    publication = Publication.objects.get(subject=case.number)
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"], now=T0)
    relay(at=T0 + timedelta(minutes=1))
    webhooks.deliveries_due(now=T0 + timedelta(minutes=1))
    types = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert types == ["publication.published", "publication.withdrawn"]
    withdrawn = json.loads(receiver.requests[1]["body"])["publication"]
    assert withdrawn["withdrawn_reason"] == "信息有误" and "content" not in withdrawn


def test_a_subscription_for_guides_gets_no_results(decide, relay, receiver, db):
    WebhookSubscription.objects.create(name="只要指南", url=receiver.url, secret="x", scope="guide")
    decide()
    relay(at=T0)
    assert not Delivery.objects.filter(publication__kind="result").exists()
    assert Delivery.objects.filter(publication__kind="guide").count() == 1


def test_admins_see_delivery_status_and_replay_dead_ones(admin_client, decide, relay, subscription, receiver,
                                                         settings):
    settings.DISCLOSURE_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.statuses = [500]
    case = decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    delivery = Delivery.objects.get(publication__kind="result")
    assert delivery.status == "dead"
    changelist = admin_client.get("/admin/disclosure/publication/").content.decode()
    assert case.number in changelist and "0/1" in changelist
    response = admin_client.post("/admin/disclosure/delivery/", {"action": "replay", "_selected_action": [delivery.pk]})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 0
