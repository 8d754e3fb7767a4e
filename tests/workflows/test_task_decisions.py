"""A task says what its holder may decide (favourable first) and what a completion must carry, as
JSON Schema; a client that builds its form from the schema sends what the API accepts, and what
the schema forbids the API refuses, naming the field."""

import jsonschema
import pytest

from tests import factories
from tests.factories import PERSON
from tests.workflows.test_lifecycle import act, file_case, my_task


def test_each_step_lists_its_decisions_favourable_first(db, staff, dept, api):
    item = factories.item(dept)
    number = file_case(api, staff["applicant"], item)["number"]
    accept = my_task(api, staff["clerk"], number, "accept")
    assert accept["decisions"] == ["accept", "supplement", "refuse"]
    assert accept["input_schema"]["properties"]["decision"]["enum"] == accept["decisions"]
    act(api, staff["clerk"], number, "accept", "accept")
    assert my_task(api, staff["reviewer"], number, "review")["decisions"] == ["done"]
    act(api, staff["reviewer"], number, "review", "done")
    decide = my_task(api, staff["approver"], number, "decide")
    assert decide["decisions"] == ["approve", "deny", "send_back"]  # back to the review, the one earlier step
    assert "missing_materials" not in decide["input_schema"]["properties"]
    assert decide["input_schema"]["properties"]["send_back_to"]["enum"] == [1]
    done = act(api, staff["approver"], number, "decide", "approve")
    assert done["status"] == "DONE" and done["decisions"] == []


def test_an_immediate_item_is_decided_at_acceptance(db, staff, dept, api):
    item = factories.item(dept, kind="immediate", promised=0, steps=["accept"])
    number = file_case(api, staff["applicant"], item)["number"]
    assert my_task(api, staff["clerk"], number, "accept")["decisions"] == ["approve", "supplement", "refuse", "deny"]


BODIES = [  # (body, valid by the schema, the field a refusal names)
    ({"decision": "accept", "opinion": "材料齐全"}, True, None),
    ({"decision": "supplement", "missing_materials": ["营业执照复印件"]}, True, None),
    ({"decision": "refuse", "opinion": "不属于本机关职权范围"}, True, None),
    ({"decision": "approve"}, False, "decision"),
    ({"decision": "supplement"}, False, "missing_materials"),
    ({"decision": "supplement", "missing_materials": []}, False, "missing_materials"),
    ({"decision": "refuse"}, False, "opinion"),
    ({"decision": "refuse", "opinion": ""}, False, "opinion"),
    ({"decision": "accept", "opinoin": "typo"}, False, "opinoin"),
    ({"opinion": "无结果"}, False, "decision"),
]


@pytest.mark.parametrize(("body", "valid", "field"), BODIES)
def test_the_schema_and_the_api_agree(db, staff, dept, api, body, valid, field):
    item = factories.item(dept)
    number = file_case(api, staff["applicant"], item, applicant=PERSON)["number"]
    task = my_task(api, staff["clerk"], number, "accept")
    validator = jsonschema.Draft202012Validator(task["input_schema"])
    validator.check_schema(task["input_schema"])
    assert validator.is_valid(body) is valid
    client = api(staff["clerk"])
    assert client.post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    answer = client.post(f"/api/v1/tasks/{task['id']}/complete/", body, format="json")
    if valid:
        assert answer.status_code == 200, answer.json()
        return
    assert answer.status_code == 400, answer.json()
    assert field in [e["field"] for e in answer.json()["errors"]], answer.json()
    # Nothing happened: the task is still the clerk's to complete.
    assert my_task(api, staff["clerk"], number, "accept")["assignee"] == "clerk"
