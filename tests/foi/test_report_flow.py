"""The annual report from draft to the public site, through the API: who may generate, enter,
sign off and publish; validation of the staff figures; 409 before sign-off; the relay putting it on
the public pages; a correction superseding it; the due date of art. 50 computed from `now`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db.models import Q

from backend.disclosure import outbox
from backend.disclosure.models import Publication
from backend.foi.models_report import AnnualReport
from tests import factories

from . import test_report_support as support
from .test_report_support import NOW, at, info_request, published_result

pytestmark = pytest.mark.django_db
organ, foi_item = support.organ, support.foi_item  # fixtures
BASE = "/api/v1/foi/reports/"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(organ):
    head = factories.user("head", "approver", departments=[organ])
    head.first_name, head.last_name, head.title = "建国", "王", "县政府办公室主任"
    head.save()
    organ.head = head
    organ.save()
    editor = factories.user("editor", "clerk", departments=[organ])
    editor.user_permissions.add(Permission.objects.get(codename="change_annualreport"))
    return {"admin": factories.user("boss", "admin"), "editor": editor, "head": head,
            "clerk": factories.user("clerk2", "clerk", departments=[organ]),
            "supervisor": factories.user("watcher", "supervisor")}


@pytest.fixture
def records(foi_item, organ):
    info_request(foi_item, organ, received=date(2025, 12, 20), replied=at(2026, 1, 8), reply_type="granted")
    info_request(foi_item, organ, received=date(2026, 4, 1), replied=at(2026, 4, 20), reply_type="partly_granted",
                 company="commercial")
    info_request(foi_item, organ, received=date(2026, 12, 28))
    published_result(organ, decided_on=date(2026, 5, 1))
    published_result(organ, decided_on=date(2026, 9, 1))


def generate(api, user, organ_code="gov-office", year=2026):
    return api(user).post(BASE, {"year": year, "organ": organ_code}, format="json")


def row(doc, key):
    return next(r for r in doc["requests"]["rows"] if r["key"] == key)["values"]


def relay():
    return outbox.relay_due(now=NOW + timedelta(minutes=1))


def test_the_office_generates_a_draft_counted_from_the_records(api, people, records):
    response = generate(api, people["editor"])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subject"] == "2026-gov-office" and body["status"] == "draft" and body["checks_hold"]
    doc = body["document"]
    assert doc["title"] == "县政府办公室2026年政府信息公开工作年度报告"
    assert row(doc, "new")["total"] == 2 and row(doc, "carried_in")["natural"] == 1
    assert row(doc, "partly")["commercial"] == 1 and row(doc, "carried_out")["natural"] == 1
    assert doc["proactive"]["licensing"] == 2
    # The report is due on 31 January 2027, 19 days after NOW.
    assert body["due"] == {"due_on": "2027-01-31", "state": "due", "days": 19}


def test_only_the_disclosure_office_and_administrators_generate(api, people, records):
    assert generate(api, people["clerk"]).status_code == 403
    assert generate(api, people["supervisor"]).status_code == 403
    assert api().get(BASE).status_code in (401, 403)
    assert generate(api, people["admin"], organ_code="").status_code == 201  # the county's
    assert api(people["supervisor"]).get(BASE).status_code == 200  # supervisors read
    assert api(people["clerk"]).get(BASE).status_code == 403


def test_no_report_for_a_year_not_begun_or_an_unknown_organ(api, people):
    assert generate(api, people["editor"], year=2028).json()["errors"][0]["field"] == "year"
    assert generate(api, people["editor"], organ_code="nope").json()["errors"][0]["field"] == "organ"


def test_staff_figures_are_validated_and_totals_computed(api, people, records):
    rep = generate(api, people["editor"]).json()
    url = f"{BASE}{rep['id']}/"
    bad = api(people["editor"]).patch(url, {
        "overview": "本年度……",
        "proactive": {"rules": {"issued": -1}, "penalty": "1.5", "fees": "3.14159", "licensing": 9},
        "review": {"reconsideration": {"upheld": "x", "total": 3}}, "colour": "red"}, format="json")
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"colour", "proactive.rules.issued", "proactive.penalty", "proactive.fees",
                      "proactive.licensing", "review.reconsideration.upheld", "review.reconsideration.total"}
    assert AnnualReport.objects.get(pk=rep["id"]).overview == ""  # nothing saved
    good = api(people["editor"]).patch(url, {
        "overview": "本年度县政府办公室认真贯彻落实《政府信息公开条例》。",
        "proactive": {"rules": {"issued": 1, "repealed": 0, "in_force": 12}, "normative": {"issued": "3"},
                      "penalty": 40, "enforcement": 2, "fees": "12.5"},
        "review": {"reconsideration": {"upheld": 2, "corrected": 1}, "direct_suit": {"pending": 1}}}, format="json")
    assert good.status_code == 200, good.json()
    doc = good.json()["document"]
    assert doc["proactive"]["normative"] == {"issued": 3, "repealed": 0, "in_force": 0}
    assert doc["proactive"]["fees"] == "12.5" and doc["proactive"]["licensing"] == 2
    assert doc["review"]["reconsideration"]["total"] == 3 and doc["review"]["direct_suit"]["total"] == 1
    assert doc["review"]["suit_after"]["total"] == 0


def test_publishing_needs_sign_off_by_the_organs_head(api, people, records, client):
    rep = generate(api, people["editor"]).json()
    url = f"{BASE}{rep['id']}/"
    early = api(people["editor"]).post(url + "publish/")
    assert early.status_code == 409 and early.json()["errors"][0]["code"] == "not_signed_off"
    assert api(people["editor"]).post(url + "sign-off/").status_code == 403  # not the head
    assert api(people["admin"]).post(url + "sign-off/").status_code == 403  # the organ has a head
    signed = api(people["head"]).post(url + "sign-off/")
    assert signed.status_code == 200
    assert signed.json()["signer_name"] == "王建国" and signed.json()["signer_title"] == "县政府办公室主任"
    assert api(people["editor"]).patch(url, {"overview": "改"}, format="json").status_code == 409  # fixed now
    assert client.get("/public/foi/reports/2026-gov-office/").status_code == 404
    published = api(people["editor"]).post(url + "publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert api(people["editor"]).post(url + "publish/").status_code == 409
    relay()  # (the item's guide is published too)
    assert Publication.objects.filter(kind="foi_report", status="published").count() == 1
    page = client.get("/public/foi/reports/2026-gov-office/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "县政府办公室2026年政府信息公开工作年度报告" in html and '<th scope="row" class="level-0">' in html
    assert "审签：县政府办公室主任 王建国" in html
    listing = client.get("/public/foi/reports/").content.decode()
    assert "/public/foi/reports/2026-gov-office/" in listing
    data = client.get("/public/foi/reports/2026-gov-office.json").json()
    assert data["version"] == 1 and data["report"]["proactive"]["licensing"] == 2
    assert next(r for r in data["report"]["requests"]["rows"] if r["key"] == "new")["values"]["total"] == 2
    assert api(people["editor"]).get(url).json()["due"]["state"] == "published"


def test_a_correction_supersedes_the_published_report(api, people, records, client):
    rep = generate(api, people["editor"]).json()
    url = f"{BASE}{rep['id']}/"
    api(people["head"]).post(url + "sign-off/")
    api(people["editor"]).post(url + "publish/")
    relay()
    assert api(people["editor"]).post(url + "reopen/", {"reason": ""}, format="json").status_code == 400
    reopened = api(people["editor"]).post(url + "reopen/", {"reason": "行政处罚数量填报有误"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["revision"] == 2
    correction = {"proactive": {"penalty": 41}, "other_matters": "经办人张三（13912345678）负责信息公开申请登记。"}
    api(people["editor"]).patch(url, correction, format="json")
    api(people["head"]).post(url + "sign-off/")
    api(people["editor"]).post(url + "publish/")
    relay()
    versions = Publication.objects.filter(kind="foi_report", subject="2026-gov-office").order_by("version")
    assert [(p.version, p.status) for p in versions] == [(1, "superseded"), (2, "published")]
    data = client.get("/public/foi/reports/2026-gov-office.json").json()
    assert data["version"] == 2 and data["report"]["proactive"]["penalty"] == 41
    assert data["report"]["correction_reason"] == "行政处罚数量填报有误"
    # The one masking policy applies to the report's free text as to every publication.
    assert data["report"]["other_matters"] == "经办人张*（139****5678）负责信息公开申请登记。"
    feed = client.get("/public/feeds/foi-reports.atom").content.decode()
    assert "县政府办公室2026年政府信息公开工作年度报告" in feed and "/public/foi/reports/2026-gov-office/" in feed
    # Published on time the first time: the correction does not make it late.
    assert api(people["editor"]).get(url).json()["due"]["state"] == "published"


def test_sign_off_waits_for_the_year_to_end(api, people, records):
    with time_machine.travel(at(2026, 12, 20), tick=False):
        rep = generate(api, people["editor"]).json()
        assert rep["due"]["state"] == "not_yet"
        refused = api(people["head"]).post(f"{BASE}{rep['id']}/sign-off/")
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == "year_running"


def test_sign_off_refused_while_a_request_is_unclassified(api, people, records, foi_item, organ):
    info_request(foi_item, organ, received=date(2026, 6, 1), replied=at(2026, 6, 9), reply_type="refused")
    rep = generate(api, people["editor"]).json()
    assert rep["checks_hold"] is False and rep["document"]["requests"]["unclassified"] == 1
    refused = api(people["head"]).post(f"{BASE}{rep['id']}/sign-off/")
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == "checks_fail"


def test_the_county_report_is_signed_by_the_office_head_or_an_administrator(api, people, records, settings):
    rep = generate(api, people["admin"], organ_code="").json()
    assert rep["subject"] == "2026" and rep["document"]["title"] == "全县2026年政府信息公开工作年度报告"
    assert api(people["head"]).post(f"{BASE}{rep['id']}/sign-off/").status_code == 403
    settings.FOI_REPORT_SIGNER_USERNAME = "head"
    assert api(people["admin"]).post(f"{BASE}{rep['id']}/sign-off/").status_code == 403
    assert api(people["head"]).post(f"{BASE}{rep['id']}/sign-off/").status_code == 200


def test_a_redraft_keeps_the_entered_figures_and_recounts(api, people, records, foi_item, organ):
    rep = generate(api, people["editor"]).json()
    api(people["editor"]).patch(f"{BASE}{rep['id']}/", {"proactive": {"penalty": 7}}, format="json")
    info_request(foi_item, organ, received=date(2026, 10, 1), replied=at(2026, 10, 9), reply_type="granted")
    again = api(people["editor"]).post(f"{BASE}{rep['id']}/refresh/").json()
    assert row(again["document"], "new")["total"] == 3 and again["document"]["proactive"]["penalty"] == 7
    assert AnnualReport.objects.filter(Q(year=2026) & Q(organ=organ)).count() == 1
