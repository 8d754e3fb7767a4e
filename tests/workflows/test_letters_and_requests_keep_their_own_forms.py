"""A letter or an information request is more than a case: its own record (the letter, the request
with its receipt date) is made by its own form. The permit ways in — the API, the window desk and the
guide's 在线申请 button — do not open a bare case of their items; they say where to go instead."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.cases.models import Case
from backend.foi.organs import foi_item_ensure
from backend.letters import services as letter_services
from tests import factories

NOW = datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def items(db):
    organ = factories.department("envbureau", "临河县生态环境局")
    office = factories.department("xzxx", "县长信箱办公室")
    with time_machine.travel(NOW, tick=False):
        request_item = foi_item_ensure(organ=organ, now=NOW)
        mailbox = letter_services.mailbox_create(code="xzxx", name="县长信箱", office=office, now=NOW)
    clerk = factories.user("deskclerk", "clerk", departments=[organ, office])
    return {"request": request_item, "letter": mailbox.item, "mailbox": mailbox, "clerk": clerk}


@time_machine.travel(NOW, tick=False)
def test_the_api_refuses_to_file_a_bare_case_of_a_letter_or_request_item(items, api):
    applicant = factories.user("citizen", "applicant")
    for key, where in (("request", "申请政府信息公开"), ("letter", "给县长写信")):
        response = api(applicant).post("/api/v1/cases/", {
            "item": items[key].code, "channel": "online", "applicant": factories.PERSON}, format="json")
        assert response.status_code == 400, response.json()
        errors = {e["field"]: e for e in response.json()["errors"]}
        assert errors["item"]["code"] == "wrong_category" and where in errors["item"]["message"]
    assert not Case.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_window_desk_offers_permit_items_only(items, client):
    client.force_login(items["clerk"])
    page = client.get("/desk/").content.decode()
    assert items["request"].code not in page and items["letter"].code not in page
    response = client.post("/desk/", {"item": items["request"].code, **{
        "type": "person", "name": factories.PERSON["name"], "id_number": factories.PERSON["id_number"],
        "mobile": factories.PERSON["mobile"]}})
    assert response.status_code == 400 and "申请政府信息公开" in response.content.decode()
    assert not Case.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_guides_apply_button_leads_to_the_items_own_form(items, client):
    response = client.get(f"/guides/{items['letter'].code}/apply/")  # writing a letter needs no account
    assert response.status_code == 302
    assert response["Location"] == f"/public/letters/write/?mailbox={items['mailbox'].code}"
    assert client.get(response["Location"]).status_code == 200
    response = client.get(f"/guides/{items['request'].code}/apply/")
    assert response.status_code == 302 and response["Location"] == "/foi/apply/"
