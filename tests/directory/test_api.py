"""The catalogue API end to end, in the §4 shape."""

from __future__ import annotations

import pytest

from .conftest import DOC, SIGNED, relay

pytestmark = pytest.mark.django_db
BASE = "/api/v1/disclosure/catalogue"


def test_create_submit_review_sign_off_and_the_document_is_public(api, client, people, column):
    doc = api(people["drafter"]).post(f"{BASE}/documents/", DOC, format="json")
    assert doc.status_code == 201, doc.json()
    pk = doc.json()["id"]
    assert doc.json()["status"] == "draft" and doc.json()["column"] == "zcwj"
    assert api(people["drafter"]).post(f"{BASE}/documents/{pk}/submit/").json()["status"] == "in_review"
    reviewed = api(people["reviewer"]).post(f"{BASE}/documents/{pk}/review/", {"decision": "approve"}, format="json")
    assert reviewed.json()["status"] == "awaiting_sign_off"
    wrong = api(people["reviewer"]).post(f"{BASE}/documents/{pk}/sign-off/", {"decision": "approve"}, format="json")
    assert wrong.status_code == 403
    signed = api(people["head"]).post(f"{BASE}/documents/{pk}/sign-off/", {"decision": "approve", "opinion": "同意"},
                                      format="json")
    assert signed.json()["status"] == "published"
    relay(SIGNED.replace(year=2099))  # the relay runs later than the wall clock's sign-off
    assert client.get(signed.json()["public_path"]).status_code == 200
    withdrawn = api(people["drafter"]).post(f"{BASE}/documents/{pk}/withdraw/", {"reason": "有误"}, format="json")
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_bad_decision_and_a_return_without_reason_are_field_errors(api, people, column):
    pk = api(people["drafter"]).post(f"{BASE}/documents/", DOC, format="json").json()["id"]
    api(people["drafter"]).post(f"{BASE}/documents/{pk}/submit/")
    bad = api(people["reviewer"]).post(f"{BASE}/documents/{pk}/review/", {"decision": "maybe"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "decision"
    bare = api(people["reviewer"]).post(f"{BASE}/documents/{pk}/review/", {"decision": "return"}, format="json")
    assert bare.status_code == 400 and bare.json()["errors"][0]["field"] == "opinion"


def test_lists_are_filtered_by_who_asks(api, people, column, water_column):
    api(people["drafter"]).post(f"{BASE}/documents/", DOC, format="json")
    assert len(api(people["drafter"]).get(f"{BASE}/documents/").json()) == 1
    assert api(people["water_staff"]).get(f"{BASE}/documents/").json() == []
    assert len(api(people["supervisor"]).get(f"{BASE}/documents/?status=draft").json()) == 1
    codes = [c["code"] for c in api(people["water_staff"]).get(f"{BASE}/columns/").json()]
    assert codes == ["czzj"]
    assert api().get(f"{BASE}/columns/").status_code in (401, 403)


def test_withdrawing_before_the_relay_published_is_a_conflict(api, people, column):
    client = api(people["drafter"])
    pk = client.post(f"{BASE}/documents/", DOC, format="json").json()["id"]
    client.post(f"{BASE}/documents/{pk}/submit/")
    api(people["reviewer"]).post(f"{BASE}/documents/{pk}/review/", {"decision": "approve"}, format="json")
    api(people["head"]).post(f"{BASE}/documents/{pk}/sign-off/", {"decision": "approve"}, format="json")
    response = client.post(f"{BASE}/documents/{pk}/withdraw/", {"reason": "有误"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_public_yet"
    assert client.get(f"{BASE}/documents/{pk}/").json()["status"] == "published"


def _published(api, people):
    pk = api(people["drafter"]).post(f"{BASE}/documents/", DOC, format="json").json()["id"]
    api(people["drafter"]).post(f"{BASE}/documents/{pk}/submit/")
    api(people["reviewer"]).post(f"{BASE}/documents/{pk}/review/", {"decision": "approve"}, format="json")
    api(people["head"]).post(f"{BASE}/documents/{pk}/sign-off/", {"decision": "approve"}, format="json")
    relay(SIGNED.replace(year=2099))
    return pk


def test_a_published_document_is_corrected_through_the_api_and_the_public_keeps_it_until_sign_off(
        api, client, people, column):
    pk = _published(api, people)
    public = api(people["drafter"]).get(f"{BASE}/documents/{pk}/").json()["public_path"]
    drafter = api(people["drafter"])
    missing = drafter.post(f"{BASE}/documents/{pk}/correct/", {"title": "新标题"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    moved = drafter.post(f"{BASE}/documents/{pk}/correct/", {"reason": "更正", "column": "czzj"}, format="json")
    assert moved.status_code == 400 and [e["field"] for e in moved.json()["errors"]] == ["column"]
    assert api(people["water_staff"]).post(f"{BASE}/documents/{pk}/correct/", {"reason": "更正"},
                                           format="json").status_code == 404
    corrected = drafter.post(f"{BASE}/documents/{pk}/correct/",
                             {"reason": "文号有误", "doc_number": "临建〔2026〕13号"}, format="json")
    assert corrected.status_code == 200, corrected.json()
    body = corrected.json()
    assert (body["status"], body["version"], body["doc_number"]) == ("draft", 2, "临建〔2026〕13号")
    assert "临建〔2026〕12号" in client.get(public).content.decode()  # the published version stays public
    again = drafter.post(f"{BASE}/documents/{pk}/correct/", {"reason": "再改"}, format="json")
    assert again.status_code == 409
