"""New-media channels (政务新媒体): a subscription may take an official-account article draft or a
short post instead of the raw event. Each comes through the same outbox rows as any webhook —
signed, retried, masked, withdrawn in turn — and a receiver on 127.0.0.1 gets them."""

import json
from datetime import timedelta

from backend.disclosure import outbox, services, webhooks
from backend.disclosure.channels import SHORT_POST_MAX
from backend.disclosure.models import Delivery, Publication, WebhookSubscription

from .conftest import SOON
from .test_documents_published import reply

LONG_TEXT = "来信人张小明（电话 13812341234）反映城关镇幸福路路灯不亮。" + "经现场核查，已更换灯具并恢复照明。" * 12


def subscribe(receiver, channel):
    return WebhookSubscription.objects.create(name=f"政务新媒体·{channel}", url=receiver.url, secret="s3cret",
                                              scope="letter", channel=channel)


def received(receiver) -> list[dict]:
    return [json.loads(r["body"]) for r in receiver.requests]


def test_an_article_draft_and_a_short_post_each_get_their_shape_masked_and_signed(db, relay, receiver):
    subscribe(receiver, "article")
    subscribe(receiver, "short_post")
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1",
                             payload=reply(text=LONG_TEXT + "\n<script>alert(1)</script>"), now=SOON)
    relay(at=SOON)
    webhooks.deliveries_due(now=SOON)
    assert len(receiver.requests) == 2
    for request in receiver.requests:
        assert webhooks.signature_valid("s3cret", request["body"], request["headers"]["X-Tongban-Signature"])
    by_type = {body["type"]: body for body in received(receiver)}
    article = by_type["article.draft"]["article"]
    assert article["title"] == "关于小区路灯不亮的答复" and article["author"] == "住建局"
    assert article["content_source_url"].endswith("/public/letters/XX20261126001/")
    assert "<script>" not in article["content"] and "&lt;script&gt;" in article["content"]
    assert len(article["digest"]) <= 120
    post = by_type["post.new"]
    assert len(post["text"]) <= SHORT_POST_MAX and post["text"].startswith("【关于小区路灯不亮的答复】")
    assert post["text"].endswith(post["url"])
    for body in (json.dumps(article, ensure_ascii=False), post["text"]):
        assert "张小明" not in body and "13812341234" not in body  # the one masking policy


def test_a_withdrawal_reaches_each_channel_as_a_withdrawal(db, relay, receiver):
    subscribe(receiver, "article")
    subscribe(receiver, "short_post")
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=SOON)
    relay(at=SOON)
    publication = Publication.objects.get(kind="letter")
    services.publication_withdraw(publication=publication, reason="答复内容有误，更正后重新发布。", actor=None,
                                  now=SOON + timedelta(minutes=5))
    relay(at=SOON + timedelta(minutes=6))
    webhooks.deliveries_due(now=SOON + timedelta(minutes=6))
    types = [body["type"] for body in received(receiver)]
    assert "article.withdrawn" in types and "post.withdrawn" in types
    post = next(b for b in received(receiver) if b["type"] == "post.withdrawn")
    assert post["text"].startswith("【已撤回】") and "答复内容有误" in post["text"]


def test_a_channel_delivery_is_retried_with_the_same_body_until_it_arrives(db, relay, receiver):
    subscribe(receiver, "short_post")
    receiver.statuses = [503]
    outbox.document_schedule(kind=Publication.Kind.LETTER, key="letter-reply:1", payload=reply(), now=SOON)
    relay(at=SOON)
    webhooks.deliveries_due(now=SOON)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.last_status_code == 503
    webhooks.deliveries_due(now=SOON + webhooks.backoff(1) + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    first, second = (r["body"] for r in receiver.requests)
    assert first == second and json.loads(second)["type"] == "post.new"
