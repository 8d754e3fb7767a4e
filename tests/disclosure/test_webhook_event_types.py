"""Subscribers can tell a new version from a correction by the event type."""

import json
from datetime import date, timedelta

from backend.catalog.models import GuideVersion
from backend.disclosure import services, webhooks
from backend.disclosure.models import Publication, WebhookSubscription
from tests.disclosure.conftest import SOON


def _types(receiver):
    return [(json.loads(r["body"])["type"], json.loads(r["body"])["publication"]["version"])
            for r in receiver.requests]


def test_a_new_guide_version_is_published_and_a_correction_is_corrected(item, relay, receiver, staff):
    WebhookSubscription.objects.create(name="省政务服务网", url=receiver.url, secret="s", scope="guide")
    relay(at=SOON)
    webhooks.deliveries_due(now=SOON)
    GuideVersion.objects.create(item=item, version=2, effective_from=date(2021, 1, 1), statutory_limit_days=20,
                                promised_limit_days=8, conditions="符合条件", place="县政务服务中心", fees="不收费")
    relay(at=SOON + timedelta(minutes=1))
    webhooks.deliveries_due(now=SOON + timedelta(minutes=1))
    current = Publication.objects.get(kind="guide", subject=item.code, status="published")
    services.publication_correct(publication=current, reason="承诺时限表述有误", actor=staff["supervisor"],
                                 now=SOON + timedelta(minutes=2))
    relay(at=SOON + timedelta(minutes=3))
    webhooks.deliveries_due(now=SOON + timedelta(minutes=4))
    assert _types(receiver) == [("publication.published", 1), ("publication.published", 2),
                                ("publication.corrected", 3)]
