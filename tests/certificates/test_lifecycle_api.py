"""A case through 制证 and 送达 by the task API, as a client builds its form from `input_schema`: the
certificate is numbered and on the case, the delivery (multipart with the signed receipt) closes it."""

from datetime import datetime

import jsonschema
import pytest
import time_machine

from backend.certificates.models import Certificate, DeliveryRecord
from backend.supervision.models import LogEntry
from backend.workcalendar.calendar import SHANGHAI
from tests import factories
from tests.certificates.conftest import STEPS, receipt
from tests.workflows.test_lifecycle import act, file_case, my_task


def pinned(y, m, d, hour=10):
    return time_machine.travel(datetime(y, m, d, hour, tzinfo=SHANGHAI), tick=False)


def claim(api, user, number, step):
    task = my_task(api, user, number, step)
    assert api(user).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    return my_task(api, user, number, step)


@pytest.fixture
def approved(db, staff, dept, api):
    item = factories.item(dept, steps=STEPS, promised=10, statutory=20)
    with pinned(2026, 11, 2):
        number = file_case(api, staff["applicant"], item)["number"]
        act(api, staff["clerk"], number, "accept", "accept")
    with pinned(2026, 11, 3):
        act(api, staff["reviewer"], number, "review", "done")
    with pinned(2026, 11, 4):
        act(api, staff["approver"], number, "decide", "approve", opinion="符合条件，准予许可")
    return item, number


def test_certify_and_deliver_through_the_api(approved, staff, api):
    item, number = approved
    with pinned(2026, 11, 4, 15):
        task = claim(api, staff["clerk"], number, "certify")
        schema = task["input_schema"]
        assert {"scope", "valid_from"} <= set(schema["required"])
        assert schema["properties"]["holder"]["default"] == "张小明"
        body = {"decision": "done", "scope": "餐饮服务（热食类食品制售）", "valid_from": "2026-11-04",
                "valid_until": "2031-11-03"}
        assert jsonschema.Draft202012Validator(schema).is_valid(body)
        done = api(staff["clerk"]).post(f"/api/v1/tasks/{task['id']}/complete/", body, format="json")
        assert done.status_code == 200, done.json()
    certificate = Certificate.objects.get(case__number=number)
    assert certificate.number == f"{item.code}-2026-00001"
    assert (certificate.holder, str(certificate.valid_until)) == ("张小明", "2031-11-03")
    detail = api(staff["clerk"]).get(f"/api/v1/cases/{number}/").json()
    assert detail["status"] == "in_progress"  # delivery still to come
    assert detail["certificate"]["number"] == certificate.number and detail["certificate"]["status"] == "valid"
    assert detail["delivery"] is None

    with pinned(2026, 11, 6):
        task = claim(api, staff["clerk"], number, "deliver")
        schema = task["input_schema"]
        assert {"delivery_method", "delivered_on", "recipient"} <= set(schema["required"])
        body = {"decision": "done", "delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明",
                "tracking_number": "1151234567890"}
        assert not jsonschema.Draft202012Validator(schema).is_valid(body)  # the receipt scan is missing
        refused = api(staff["clerk"]).post(f"/api/v1/tasks/{task['id']}/complete/", body, format="json")
        assert refused.status_code == 400
        assert [e["field"] for e in refused.json()["errors"]] == ["proof"]
        done = api(staff["clerk"]).post(f"/api/v1/tasks/{task['id']}/complete/",
                                        {**body, "proof": receipt("邮件签收回执.pdf")}, format="multipart")
        assert done.status_code == 200, done.json()
    final = api(staff["applicant"]).get(f"/api/v1/cases/{number}/").json()
    assert (final["status"], final["decision"]) == ("completed", "approved")
    assert final["delivery"]["method"] == "post" and final["delivery"]["tracking_number"] == "1151234567890"
    assert final["delivery"]["proof"]["name"] == "邮件签收回执.pdf"
    steps = [(e["step"], e["kind"]) for e in final["events"] if e["kind"] not in ("filed", "claimed")]
    assert steps[-3:] == [("certify", "step_done"), ("deliver", "step_done"), ("complete", "completed")]
    record = DeliveryRecord.objects.get(case__number=number)
    assert record.proof_content_type == "application/pdf" and len(record.proof_sha256) == 64
    assert LogEntry.objects.filter(kind="certificate_issued", payload__certificate_number=certificate.number).exists()
    assert LogEntry.objects.filter(kind="case_delivered", payload__case=number).exists()


def test_electronic_delivery_travels_in_json(approved, staff, api):
    _, number = approved
    with pinned(2026, 11, 4, 15):
        act(api, staff["clerk"], number, "certify", "done", scope="餐饮服务", valid_from="2026-11-04")
    with pinned(2026, 11, 5):
        task = claim(api, staff["clerk"], number, "deliver")
        body = {"decision": "done", "delivery_method": "electronic", "delivered_on": "2026-11-05",
                "recipient": "张小明", "confirmation": "电子证照已推送至申请人政务服务网账户，回执号 DZ20261105001"}
        assert jsonschema.Draft202012Validator(task["input_schema"]).is_valid(body)
        done = api(staff["clerk"]).post(f"/api/v1/tasks/{task['id']}/complete/", body, format="json")
        assert done.status_code == 200, done.json()
    assert api(staff["clerk"]).get(f"/api/v1/cases/{number}/").json()["status"] == "completed"
    assert Certificate.objects.get(case__number=number).valid_until is None  # 长期有效


BODIES = [  # (the deliver step's body beyond the decision, valid by the schema, the fields a refusal names)
    ({"delivery_method": "electronic", "delivered_on": "2026-11-05", "recipient": "张小明",
      "confirmation": "回执号 DZ1"}, True, []),
    ({"delivery_method": "window", "delivered_on": "2026-11-05", "recipient": "张小明"}, False, ["proof"]),
    ({"delivery_method": "post", "delivered_on": "2026-11-05", "recipient": "张小明"}, False,
     ["tracking_number", "proof"]),
    ({"delivery_method": "electronic", "delivered_on": "2026-11-05", "recipient": "张小明"}, False,
     ["confirmation"]),
    ({"delivery_method": "electronic", "recipient": "张小明", "confirmation": "回执号 DZ1"}, False, ["delivered_on"]),
    ({"delivery_method": "courier", "delivered_on": "2026-11-05", "recipient": "张小明"}, False, ["delivery_method"]),
    ({"delivery_method": "electronic", "delivered_on": "2026-11-05", "recipient": "张小明",
      "confirmation": "回执号 DZ1", "holder": "某人"}, False, ["holder"]),
    ({"delivery_method": "electronic", "delivered_on": "2026-11-05", "confirmation": "回执号 DZ1"}, False,
     ["recipient"]),
]


@pytest.mark.parametrize(("extra", "valid", "fields"), BODIES)
def test_the_deliver_schema_and_the_api_agree(approved, staff, api, extra, valid, fields):
    _, number = approved
    with pinned(2026, 11, 4, 15):
        act(api, staff["clerk"], number, "certify", "done", scope="餐饮服务", valid_from="2026-11-04")
    with pinned(2026, 11, 6):
        task = claim(api, staff["clerk"], number, "deliver")
        body = {"decision": "done", **extra}
        validator = jsonschema.Draft202012Validator(task["input_schema"])
        validator.check_schema(task["input_schema"])
        assert validator.is_valid(body) is valid
        answer = api(staff["clerk"]).post(f"/api/v1/tasks/{task['id']}/complete/", body, format="json")
    if valid:
        assert answer.status_code == 200, answer.json()
        return
    assert answer.status_code == 400, answer.json()
    assert sorted(e["field"] for e in answer.json()["errors"]) == sorted(fields), answer.json()
    assert my_task(api, staff["clerk"], number, "deliver")["assignee"] == "clerk"  # nothing happened


def test_certify_refuses_what_it_does_not_take_and_names_every_missing_field(approved, staff, api):
    _, number = approved
    with pinned(2026, 11, 4, 15):
        task = claim(api, staff["clerk"], number, "certify")
        client = api(staff["clerk"])
        answer = client.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": "done"}, format="json")
        assert answer.status_code == 400
        assert sorted(e["field"] for e in answer.json()["errors"]) == ["scope", "valid_from"]
        answer = client.post(f"/api/v1/tasks/{task['id']}/complete/",
                             {"decision": "done", "scope": "x", "valid_from": "2026-11-04",
                              "tracking_number": "1"}, format="json")
        assert [e["field"] for e in answer.json()["errors"]] == ["tracking_number"]
        answer = client.post(f"/api/v1/tasks/{task['id']}/complete/",
                             {"decision": "done", "scope": "x", "valid_from": "4/11/2026"}, format="json")
        assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [("valid_from", "invalid")]
    assert not Certificate.objects.exists()
