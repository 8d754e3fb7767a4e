"""A company applicant whose name carries a person's name, mobile and ID number (the issue's probe)
is published masked on every public surface; so are titles and reasons that carry them."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command

from backend.disclosure import services, webhooks
from backend.disclosure.models import Publication, WebhookSubscription
from tests.disclosure.conftest import NOW, SOON
from tests.disclosure.test_names_in_text import PROBE, PROBE_MASKED

PROBE_COMPANY = {"type": "company", "name": PROBE, "credit_code": "91350100M000100Y43",
                 "contact_name": "李四", "mobile": "13912345678"}
# What must never be public, in any form the page may hold it.
RAW = ("张三", "13812345678", "110101199003071233")
LEAKY = "联系人王小明（13812341234，身份证11010519491231002X）"
LEAKY_MASKED = "联系人王*明（138****1234，身份证110105********002X）"
RAW_LEAKY = ("王小明", "13812341234", "11010519491231002X")


def _public_bodies(client, number: str) -> dict[str, str]:
    urls = ["/public/", "/public/results/", f"/public/results/{number}/", "/public/api/results/",
            f"/public/api/results/{number}/", "/public/feeds/results.atom", "/public/screen/"]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        bodies[url] = response.content.decode()
    return bodies


def _assert_clean(bodies: dict[str, str], raw=RAW):
    for where, body in bodies.items():
        for value in raw:
            assert value not in body, f"{value} on {where}"


@pytest.fixture
def probe_case(decide, relay, receiver, db):
    WebhookSubscription.objects.create(name="市政务公开平台", url=receiver.url, secret="s3cret", scope="all")
    case = decide(PROBE_COMPANY)
    relay()
    return case


def test_the_probe_company_is_published_masked_on_every_surface(client, probe_case, receiver, tmp_path):
    number = probe_case.number
    publication = Publication.objects.get(kind="result", subject=number)
    assert publication.payload["applicant"] == PROBE_MASKED
    assert publication.payload["credit_code"] == "91350100M000100Y43"  # public by law, unchanged
    assert PROBE_MASKED in publication.search_text

    bodies = _public_bodies(client, number)
    _assert_clean(bodies)
    for url in ("/public/results/", f"/public/results/{number}/", "/public/screen/"):
        assert PROBE_MASKED in bodies[url], url
    assert json.loads(bodies[f"/public/api/results/{number}/"])["applicant"] == PROBE_MASKED
    assert json.loads(bodies["/public/api/results/"])["results"][0]["applicant"] == PROBE_MASKED
    entry = feedparser.parse(bodies["/public/feeds/results.atom"]).entries[0]
    assert PROBE_MASKED in entry.summary

    webhooks.deliveries_due(now=SOON)
    posted = [json.loads(r["body"]) for r in receiver.requests]
    results = [p for p in posted if p["publication"]["kind"] == "result"]
    assert results and results[0]["publication"]["content"]["applicant"] == PROBE_MASKED
    for request in receiver.requests:
        assert not any(value in request["body"].decode() for value in RAW)

    call_command("disclosure", "export", str(tmp_path))
    exported = {str(p): p.read_text() for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (
        ".html", ".json", ".atom")}
    _assert_clean(exported)
    assert PROBE_MASKED in (tmp_path / "public" / "results" / number / "index.html").read_text()
    call_command("disclosure", "scan", str(tmp_path))  # raises (exit 1) on any hit


def test_a_title_with_personal_data_is_published_masked(client, decide, relay, item, staff):
    item.name = f"食品经营许可{LEAKY}"
    item.save()
    guide = item.guides.get()
    guide.conditions = f"申请前请与{LEAKY}预约。"
    guide.save()
    case = decide(on_item=item)
    relay()
    result = Publication.objects.get(kind="result", subject=case.number)
    assert result.title == f"食品经营许可{LEAKY_MASKED} · {case.number}"
    assert result.item_name == f"食品经营许可{LEAKY_MASKED}"
    guide_publication = Publication.objects.get(kind="guide", subject=item.code, status="published")
    assert guide_publication.payload["conditions"] == f"申请前请与{LEAKY_MASKED}预约。"
    bodies = _public_bodies(client, case.number)
    for url in (f"/public/guides/{item.code}/", "/public/guides/", "/public/api/guides/",
                "/public/feeds/guides.atom", "/public/kiosk/"):
        bodies[url] = client.get(url).content.decode()
    _assert_clean(bodies, RAW_LEAKY)
    assert LEAKY_MASKED in bodies[f"/public/guides/{item.code}/"]


def test_correction_and_withdrawal_reasons_are_published_masked(client, decide, relay, staff):
    case = decide(PROBE_COMPANY)
    relay()
    publication = Publication.objects.get(kind="result", subject=case.number)
    services.publication_correct(publication=publication, reason=f"更正：{LEAKY}", actor=staff["approver"],
                                 now=NOW + timedelta(days=3), overrides={"applicant": PROBE})
    relay(at=SOON + timedelta(minutes=5))
    corrected = Publication.objects.get(kind="result", subject=case.number, status="published")
    assert corrected.version == 2 and corrected.correction_reason == f"更正：{LEAKY_MASKED}"
    assert corrected.payload["applicant"] == PROBE_MASKED
    assert corrected.payload["correction"]["reason"] == f"更正：{LEAKY_MASKED}"
    _assert_clean(_public_bodies(client, case.number), RAW + RAW_LEAKY)

    services.publication_withdraw(publication=corrected, reason=f"撤回：{LEAKY}", actor=staff["approver"],
                                  now=SOON + timedelta(minutes=10))
    assert Publication.objects.get(pk=corrected.pk).withdrawn_reason == f"撤回：{LEAKY_MASKED}"
    bodies = _public_bodies(client, case.number)
    _assert_clean(bodies, RAW + RAW_LEAKY)
    assert LEAKY_MASKED in bodies[f"/public/results/{case.number}/"]
