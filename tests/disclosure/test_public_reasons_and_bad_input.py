"""What an admin types as a reason or a correction is public: it is masked like everything else; and
bad query strings or a broken webhook receiver are clear errors, never a 500 or a stuck delivery."""

import socket
import threading
from datetime import timedelta

import feedparser
import pytest

from backend.common.errors import DomainError
from backend.disclosure import services, webhooks
from backend.disclosure.models import Delivery, Publication, WebhookSubscription
from backend.supervision.models import LogEntry
from tests.disclosure.conftest import NOW, SOON, person

LATER = NOW + timedelta(days=5)
LEAKY = "申请人张小明（身份证11010519491231002X，电话13812341234）要求撤回"


@pytest.fixture
def published(decide, relay):
    case = decide(person("张小明"))
    relay()
    return case, Publication.objects.get(kind="result", subject=case.number)


def test_a_withdrawal_reason_is_public_only_masked(client, published, staff):
    case, publication = published
    services.publication_withdraw(publication=publication, reason=LEAKY, actor=staff["approver"], now=LATER)
    for body in (client.get(f"/public/results/{case.number}/").content.decode(),
                 client.get(f"/public/api/results/{case.number}/").content.decode(),
                 client.get("/public/feeds/results.atom").content.decode()):
        assert "张小明" not in body and "11010519491231002X" not in body and "13812341234" not in body
    assert "张*明" in feedparser.parse(client.get("/public/feeds/results.atom").content).entries[0].summary
    # The supervision log keeps what the admin actually wrote.
    assert LogEntry.objects.get(kind="publication_withdrawn").payload["reason"] == LEAKY


def test_a_correction_is_masked_checked_and_logged(client, published, staff, relay):
    case, publication = published
    with pytest.raises(DomainError) as bad_date:
        services.publication_correct(publication=publication, reason="更正", actor=staff["approver"], now=LATER,
                                     overrides={"decided_on": "yesterday"})
    assert bad_date.value.errors[0].field == "decided_on"
    with pytest.raises(DomainError) as id_as_code:
        services.publication_correct(publication=publication, reason="更正", actor=staff["approver"], now=LATER,
                                     overrides={"credit_code": "11010519491231002X"})
    assert id_as_code.value.errors[0].field == "credit_code"
    services.publication_correct(publication=publication, reason=LEAKY, actor=staff["approver"], now=LATER,
                                 overrides={"applicant": "张小明"})
    relay(at=LATER + timedelta(minutes=1))
    body = client.get("/public/api/results/").content.decode()
    assert case.number in body and "张小明" not in body and "13812341234" not in body
    assert LogEntry.objects.get(kind="publication_correction_requested").payload["actor"] == "approver"


@pytest.mark.parametrize("page", ["²", "99999999999999999999", "-1", "1.5"])
def test_odd_page_numbers_are_a_400(client, db, page):
    for url in ("/public/api/results/", "/public/api/guides/"):
        response = client.get(url, {"page": page})
        assert response.status_code == 400, (url, page)
        assert response.json()["errors"][0]["field"] == "page"


class NotHttp:
    """A receiver that accepts the connection and answers garbage instead of HTTP."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(b"garbage\r\n\r\n")
            conn.close()

    def close(self):
        self.sock.close()


def test_a_receiver_that_does_not_speak_http_ends_dead_lettered(decide, relay, settings, db):
    settings.DISCLOSURE_WEBHOOK_MAX_ATTEMPTS = 3
    server = NotHttp()
    try:
        WebhookSubscription.objects.create(name="坏接收端", url=server.url, secret="s", scope="result")
        decide(person("孙悟空"))
        relay(at=SOON)
        moment = SOON
        for _ in range(3):
            webhooks.deliveries_due(now=moment)
            moment += timedelta(days=1)
        delivery = Delivery.objects.get()
        assert delivery.status == "dead" and delivery.last_error
    finally:
        server.close()


def test_the_feed_dates_a_withdrawal_in_shanghai_time(client, published, staff):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    _, publication = published
    early_morning = datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # 2026-12-01 in UTC
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"],
                                  now=early_morning)
    summary = feedparser.parse(client.get("/public/feeds/results.atom").content).entries[0].summary
    assert "2026-12-02" in summary and "2026-12-01" not in summary
