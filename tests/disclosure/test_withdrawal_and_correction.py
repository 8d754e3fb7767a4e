"""An administrator withdraws or corrects a publication; every channel follows, and it is logged."""

from datetime import timedelta

import feedparser
import pytest

from backend.common.errors import Conflict, DomainError
from backend.disclosure import services
from backend.disclosure.models import OutboxEvent, Publication
from backend.supervision.models import LogEntry
from tests.disclosure.conftest import NOW, person

LATER = NOW + timedelta(days=5)


@pytest.fixture
def published(decide, relay):
    case = decide(person("李小红"))
    relay()
    return case, Publication.objects.get(kind="result", subject=case.number)


def test_a_withdrawn_result_disappears_from_pages_and_json(client, published, staff):
    case, publication = published
    services.publication_withdraw(publication=publication, reason="申请人依法申请撤回公开", actor=staff["approver"],
                                  now=LATER)
    assert client.get("/public/api/results/").json()["count"] == 0
    assert case.number not in client.get("/public/results/").content.decode()
    response = client.get(f"/public/results/{case.number}/")
    assert response.status_code == 410 and "申请人依法申请撤回公开" in response.content.decode()
    assert client.get(f"/public/api/results/{case.number}/").status_code == 410


def test_the_feed_carries_the_withdrawal(client, published, staff):
    case, publication = published
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"], now=LATER)
    feed = feedparser.parse(client.get("/public/feeds/results.atom").content)
    entry = next(e for e in feed.entries if case.number in e.id)
    assert "已撤回" in entry.title and "信息有误" in entry.summary
    assert "withdrawn" in [t.term for t in entry.tags]


def test_the_withdrawal_is_in_the_supervision_log_and_needs_a_reason(published, staff):
    _, publication = published
    with pytest.raises(DomainError):
        services.publication_withdraw(publication=publication, reason=" ", actor=staff["approver"], now=LATER)
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"], now=LATER)
    entry = LogEntry.objects.get(kind="publication_withdrawn")
    assert entry.payload["subject"] == publication.subject and entry.payload["reason"] == "信息有误"
    assert LogEntry.objects.filter(kind="publication_published", payload__subject=publication.subject).exists()
    with pytest.raises(Conflict):
        services.publication_withdraw(publication=publication, reason="再次撤回", actor=staff["approver"], now=LATER)


def test_the_withdrawal_is_relayed_as_an_event(published, staff, relay):
    _, publication = published
    services.publication_withdraw(publication=publication, reason="信息有误", actor=staff["approver"], now=LATER)
    relay(at=LATER + timedelta(minutes=1))
    assert OutboxEvent.objects.get(kind="withdrawal").outcome == "announced"


def test_a_correction_replaces_the_old_version(client, published, staff, relay):
    case, publication = published
    services.publication_correct(publication=publication, reason="办结日期录入错误", actor=staff["approver"], now=LATER,
                                 overrides={"decided_on": "2026-11-25"})
    relay(at=LATER + timedelta(minutes=1))
    rows = client.get("/public/api/results/").json()["results"]
    assert len(rows) == 1
    assert rows[0]["decided_on"] == "2026-11-25" and rows[0]["publication_version"] == 2
    assert rows[0]["correction_reason"] == "办结日期录入错误" and rows[0]["applicant"] == "李*红"
    publication.refresh_from_db()
    assert publication.status == "superseded"
    feed = feedparser.parse(client.get("/public/feeds/results.atom").content)
    assert len([e for e in feed.entries if case.number in e.id]) == 1


def test_a_correction_cannot_touch_other_fields(published, staff):
    _, publication = published
    with pytest.raises(DomainError):
        services.publication_correct(publication=publication, reason="x", actor=staff["approver"], now=LATER,
                                     overrides={"case_number": "TB1"})
