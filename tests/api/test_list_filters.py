"""Lists read their filters through backend.common.query: a value a filter cannot take, or a filter
the list does not have, is a 400 naming the parameter (in the caller's language), never dropped."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from backend.workcalendar.calendar import SHANGHAI
from tests import factories
from workflows.services import case_file_and_start

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def filed(staff, dept):
    item = factories.item(dept)
    return case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                               actor=staff["applicant"], now=NOW)


def errors(response) -> dict:
    assert response.status_code == 400, response.content
    return {e["field"]: (e["code"], e["message"]) for e in response.json()["errors"]}


def test_a_valid_filter_filters(api, staff, filed):
    client = api(staff["clerk"])
    assert [c["number"] for c in client.get("/api/v1/cases/", {"status": filed.status}).json()["results"]] \
        == [filed.number]
    assert client.get("/api/v1/cases/", {"status": "completed"}).json()["results"] == []


def test_an_unknown_enum_value_is_a_400_naming_the_filter_and_its_choices(api, staff, filed):
    found = errors(api(staff["clerk"]).get("/api/v1/cases/", {"status": "finished"}))
    code, message = found["status"]
    assert code == "invalid_choice"
    assert message.startswith("“finished”不是有效的取值，可选：") and "completed" in message


def test_a_misspelt_filter_is_a_400_not_the_whole_list(api, staff, filed):
    assert errors(api(staff["clerk"]).get("/api/v1/cases/", {"stauts": "completed"})) == {
        "stauts": ("unknown", "未知的查询参数。")}


def test_every_bad_parameter_is_named_at_once(api, staff):
    found = errors(api(staff["supervisor"]).get("/api/v1/certificates/", {"status": "gone", "on": "30.11.2026"}))
    assert set(found) == {"status", "on"}
    assert found["on"] == ("invalid", "日期应为 YYYY-MM-DD 格式，例如 2026-11-30。")


def test_malformed_integers_and_booleans(api, staff):
    assert errors(api(staff["supervisor"]).get("/api/v1/foi/reports/", {"year": "2026x"}))["year"] \
        == ("invalid", "应为整数。")
    assert errors(api(staff["clerk"]).get("/api/v1/notifications/", {"unread": "maybe"}))["unread"] \
        == ("invalid", "应为 true 或 false。")


def test_the_message_follows_the_callers_language(api, staff, filed):
    response = api(staff["clerk"]).get("/api/v1/supervision/clocks/", {"state": "blue"},
                                       HTTP_ACCEPT_LANGUAGE="en")
    code, message = errors(response)["state"]
    assert code == "invalid_choice" and "blue" in message


def test_the_task_list_answers_the_declared_results_object(api, staff, filed):
    body = api(staff["clerk"]).get("/api/v1/tasks/").json()
    assert list(body) == ["results"] and body["results"][0]["case"] == filed.number
    assert errors(api(staff["clerk"]).get("/api/v1/tasks/", {"mine": "1"})) == {
        "mine": ("unknown", "未知的查询参数。")}


def test_a_malformed_page_is_a_400_and_a_page_past_the_end_a_404(api, staff, filed):
    client = api(staff["clerk"])
    assert errors(client.get("/api/v1/cases/", {"page": "two"})) == {"page": ("invalid", "应为整数。")}
    assert errors(client.get("/api/v1/cases/", {"page": "0"}))["page"][0] == "min_value"
    assert client.get("/api/v1/cases/", {"page": "9"}).status_code == 404
    assert client.get("/api/v1/cases/", {"page": "1", "status": filed.status}).json()["count"] == 1


@pytest.mark.parametrize("path", ["/api/v1/disclosure/catalogue/documents/", "/api/v1/disclosure/inspection/problems/",
                                  "/api/v1/supervision/orders/"])
def test_the_disclosure_and_order_lists_refuse_a_bad_status_and_a_misspelt_filter(db, api, path):
    client = api(factories.user("officer", "supervisor"))
    found = errors(client.get(path, {"status": "nonsense", "colum": "zcwj"}))
    assert found["status"][0] == "invalid_choice" and found["colum"][0] == "unknown"
    assert client.get(path).status_code == 200


def test_the_problem_list_still_takes_active_and_the_order_list_pages(db, api):
    client = api(factories.user("officer", "supervisor"))
    assert client.get("/api/v1/disclosure/inspection/problems/", {"status": "active", "source": "external"}).json() \
        == []
    assert client.get("/api/v1/supervision/orders/", {"page": "1", "state": "red"}).status_code == 200
