"""Documents other apps build whole (a letter's reply, a month's mailbox figures, an annual report)
go out through the same outbox, masked by the one policy, versioned by subject and announced."""

import json

import pytest

from backend.disclosure import outbox, selectors
from backend.disclosure.models import Delivery, Publication, WebhookSubscription

from .conftest import NOW

WRITER_TEXT = "来信人张小明（身份证 11010519491231002X，电话 13812341234）反映的问题已处理。"


def reply(subject="XX20261126001", text=WRITER_TEXT):
    return {"subject": subject, "title": "关于小区路灯不亮的答复", "department": {"code": "housing", "name": "住建局"},
            "dated_on": "2026-11-26", "search_text": "路灯", "path": f"/public/letters/{subject}/", "reply": text}


def test_a_document_is_published_masked_with_its_department_and_date(db, relay):
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=NOW)
    relay()
    publication = selectors.publication_get_public(kind=Publication.Kind.LETTER, subject="XX20261126001")
    assert publication.title == "关于小区路灯不亮的答复"
    assert (publication.department_code, publication.department_name) == ("housing", "住建局")
    assert publication.decided_on.isoformat() == "2026-11-26"
    text = publication.payload["reply"]
    assert "张小明" not in text and "11010519491231002X" not in text and "13812341234" not in text
    assert "张*明" in text and "110105" in text and "138****1234" in text


def test_known_names_are_masked_without_a_cue_word():
    from backend.disclosure.masking import mask_known_names

    text = mask_known_names("经核实，王建国反映的路灯已修复，王建国表示满意。", ["王建国"])
    assert text == "经核实，王*国反映的路灯已修复，王*国表示满意。"


def test_the_same_key_publishes_once_and_a_new_version_supersedes_the_old(db, relay):
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=NOW)
    again = outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=NOW)
    assert again is None
    relay()
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1:v2",
                             payload=reply(text="已更正的答复"), now=NOW)
    relay()
    versions = Publication.objects.filter(kind="letter", subject="XX20261126001").order_by("version")
    assert [(p.version, p.status) for p in versions] == [(1, "superseded"), (2, "published")]


def test_a_payload_without_subject_title_or_date_is_refused_before_anything_is_queued(db):
    with pytest.raises(ValueError):
        outbox.document_schedule(kind=Publication.Kind.FOI_REPORT, key="k", payload={"title": "年报"}, now=NOW)
    with pytest.raises(ValueError):
        outbox.document_schedule(kind=Publication.Kind.RESULT, key="k", payload=reply(), now=NOW)


def test_webhooks_announce_the_documents_own_page(db, relay, receiver):
    WebhookSubscription.objects.create(name="市政务公开平台", url=receiver.url, secret="s", scope="letter")
    WebhookSubscription.objects.create(name="只要结果", url=receiver.url, secret="s", scope="result")
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=NOW)
    relay()
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 1
    body = json.loads(deliveries[0].body)
    assert body["publication"]["url"] == "http://testserver/public/letters/XX20261126001/"


def test_the_hall_screen_and_the_kiosk_show_the_catalogues_newest_documents(db, relay, client):
    payload = {"subject": "doc-1", "title": "关于优化食品经营许可办理流程的通知", "dated_on": "2026-11-26",
               "department": {"code": "scjgj", "name": "县市场监督管理局"}, "search_text": "食品经营许可",
               "path": "/public/catalogue/documents/doc-1/", "body": "承诺时限压缩为 5 个工作日。"}
    for path in ("/public/kiosk/", "/public/screen/"):
        assert "信息公开目录最新文件" not in client.get(path).content.decode()
    outbox.document_schedule(kind=Publication.Kind.DOCUMENT, key="directory-doc:1:v1", payload=payload, now=NOW)
    relay()
    kiosk = client.get("/public/kiosk/").content.decode()
    assert "关于优化食品经营许可办理流程的通知" in kiosk and 'href="/public/catalogue/documents/doc-1/"' in kiosk
    screen = client.get("/public/screen/").content.decode()
    assert "信息公开目录最新文件" in screen and "县市场监督管理局</span> · 2026-11-26" in screen
