"""Retries never resend content that has since been withdrawn; each claim's lease runs from its own
attempt (to the second)."""

import http.server
import json
import threading
import time
from datetime import timedelta

import pytest

from backend.disclosure import services, webhooks
from backend.disclosure.models import Delivery, Publication, WebhookSubscription
from tests.disclosure.conftest import SOON

T0 = SOON


@pytest.fixture
def subscription(receiver, db):
    return WebhookSubscription.objects.create(name="市政务公开平台", url=receiver.url, secret="s", scope="result")


def _types(receiver):
    return [json.loads(r["body"])["type"] for r in receiver.requests]


def test_a_retry_after_a_withdrawal_sends_the_withdrawal_not_the_content(decide, relay, subscription, receiver, staff):
    receiver.statuses = [500]
    case = decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)  # the first attempt fails; a retry is due later
    publication = Publication.objects.get(subject=case.number)
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"], now=T0)
    relay(at=T0 + timedelta(minutes=1))
    webhooks.deliveries_due(now=T0 + timedelta(hours=1))
    assert _types(receiver) == ["publication.published", "publication.withdrawn"]
    content = Delivery.objects.get(event__kind="result")
    assert content.status == "canceled" and content.last_error == "该信息已撤回，不再推送其内容。"


def test_a_replayed_dead_delivery_of_withdrawn_content_is_not_sent(decide, relay, subscription, receiver, staff,
                                                                   settings):
    settings.DISCLOSURE_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.statuses = [500]
    case = decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)
    dead = Delivery.objects.get()
    assert dead.status == "dead"
    services.publication_withdraw(publication=Publication.objects.get(subject=case.number), reason="信息有误",
                                  actor=staff["approver"], now=T0)
    services.delivery_replay(delivery=dead, actor=staff["approver"], now=T0 + timedelta(minutes=1))
    webhooks.deliveries_due(now=T0 + timedelta(minutes=1))
    dead.refresh_from_db()
    assert dead.status == "canceled"
    assert "publication.published" not in _types(receiver)[1:]


class SlowReceiver:
    def __init__(self, seconds: float):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(seconds)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_each_claim_in_a_slow_batch_is_dated_from_its_own_attempt(decide, relay, db):
    slow = SlowReceiver(1.1)
    try:
        for name in ("甲系统", "乙系统"):
            WebhookSubscription.objects.create(name=name, url=slow.url, secret="s", scope="result")
        decide()
        relay(at=T0)
        assert webhooks.deliveries_due(now=T0)["delivered"] == 2
    finally:
        slow.server.shutdown()
    first, second = Delivery.objects.order_by("last_attempt_at")
    assert first.last_attempt_at == T0
    assert second.last_attempt_at >= T0 + timedelta(seconds=1)


def test_a_retry_after_a_correction_then_a_withdrawal_sends_no_old_content(decide, relay, subscription, receiver,
                                                                           staff):
    receiver.statuses = [500]
    case = decide()
    relay(at=T0)
    webhooks.deliveries_due(now=T0)  # version 1 fails; its retry is due later
    first = Publication.objects.get(subject=case.number)
    services.publication_correct(publication=first, reason="更正决定日期", actor=staff["approver"], now=T0)
    relay(at=T0 + timedelta(minutes=1))
    second = Publication.objects.get(subject=case.number, status="published")
    services.publication_withdraw(publication=second, reason="含不应公开的信息", actor=staff["approver"],
                                  now=T0 + timedelta(minutes=2))
    relay(at=T0 + timedelta(minutes=3))
    webhooks.deliveries_due(now=T0 + timedelta(hours=1))
    sent = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert sent == ["publication.published", "publication.withdrawn"]  # the failed first try, then the withdrawal
    assert set(Delivery.objects.exclude(event__kind="withdrawal").values_list("status", flat=True)) == {"canceled"}


def test_a_receiver_that_answers_then_stalls_counts_as_delivered(decide, relay, db, settings):
    settings.DISCLOSURE_WEBHOOK_TIMEOUT = 1

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"ok")
            self.wfile.flush()
            time.sleep(3)  # promises 100 bytes, sends 2, then stalls past the timeout

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        WebhookSubscription.objects.create(name="慢系统", url=f"http://127.0.0.1:{server.server_address[1]}/hook",
                                           secret="s", scope="result")
        decide()
        relay(at=T0)
        assert webhooks.deliveries_due(now=T0)["delivered"] == 1
    finally:
        server.shutdown()
    assert Delivery.objects.get().status == "delivered"
