"""At 受理 the clerk ticks each material the guide asks for — form, copies, paper or electronic;
accepting with a required material missing is refused with the list and loses nothing; the
acceptance notice lists what was received, dated the day of the acceptance."""

import pytest
from django.test import Client

from backend.cases import notices
from backend.cases.models import Case, CaseEvent
from backend.common.errors import DomainError
from tests import factories
from tests.cases.test_notices import pdf_text
from tests.supervision.conftest import at, file_case, open_task
from workflows import services as flow


@pytest.fixture
def item(dept):
    return factories.item(dept, required_materials=True)  # 申请书 (original), 营业执照 (copy)


def materials(case):
    return {m.name: m.pk for m in case.guide.materials.all()}


def accept(case, clerk, when, **extra):
    task = open_task(case, "accept")
    flow.task_claim(task_id=task.pk, actor=clerk, now=when)
    return flow.task_complete(task_id=task.pk, actor=clerk, decision="accept", now=when, **extra)


def test_a_missing_required_material_refuses_acceptance_with_the_list(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    with pytest.raises(DomainError) as refused:
        accept(case, staff["clerk"], at(2026, 11, 2, 10), received_materials=[{"requirement": ids["申请书"]}])
    error = refused.value.errors[0]
    assert error.field == "received_materials" and error.code == "missing"
    assert str(error.message) == "以下必需材料尚未收到，不能受理：营业执照。可选择“一次性告知补正”。"
    assert Case.objects.get(pk=case.pk).status == Case.Status.SUBMITTED
    assert open_task(case, "accept").owner == staff["clerk"]  # still claimed: nothing lost


def test_bad_entries_are_named_field_by_field(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    with pytest.raises(DomainError) as refused:
        accept(case, staff["clerk"], at(2026, 11, 2, 10), received_materials=[
            {"requirement": ids["申请书"], "form": "scan", "copies": 0},
            {"requirement": ids["营业执照"], "medium": "fax"},
            {"requirement": 999999}])
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("received_materials[0].form", "invalid"), ("received_materials[0].copies", "invalid"),
        ("received_materials[1].medium", "invalid"), ("received_materials[2].requirement", "invalid")}


def test_the_checklist_is_recorded_and_the_notice_lists_it(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    accept(case, staff["clerk"], at(2026, 11, 2, 10), received_materials=[
        {"requirement": ids["营业执照"], "form": "copy", "copies": 2, "medium": "paper"},
        {"requirement": ids["申请书"], "form": "original", "copies": 1, "medium": "paper"}])
    case.refresh_from_db()
    event = CaseEvent.objects.get(case=case, kind="accepted")
    assert [(r["name"], r["form"], r["copies"]) for r in event.data["received"]] == [
        ("申请书", "original", 1), ("营业执照", "copy", 2)]  # in the guide's order
    text = pdf_text(notices.render_notice(case, now=at(2026, 11, 20, 15)))  # printed weeks later
    assert "受理时核验收到的申请材料（共2项）" in text
    assert "申请书（原件1份，纸质）" in text and "营业执照（复印件2份，纸质）" in text
    assert "2026年11月2日" in text and "2026年11月20日" not in text


def test_without_a_checklist_the_uploaded_files_count_as_received_electronically(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.cases.services import case_material_add
    from tests.samples import PDF

    for name in ("申请书", "营业执照"):
        case_material_add(case=case, uploaded_file=SimpleUploadedFile(f"{name}.pdf", PDF), requirement_id=ids[name],
                          actor=staff["clerk"], now=at(2026, 11, 2, 9, 30))
    accept(case, staff["clerk"], at(2026, 11, 2, 10))
    received = CaseEvent.objects.get(case=case, kind="accepted").data["received"]
    assert {(r["name"], r["medium"]) for r in received} == {("申请书", "electronic"), ("营业执照", "electronic")}


def test_the_window_page_ticks_the_checklist(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    task = open_task(case, "accept")
    client = Client()
    client.force_login(staff["clerk"])
    client.post(f"/staff/tasks/{task.pk}/claim/")
    page = client.get(f"/staff/tasks/{task.pk}/").content.decode()
    assert "材料核验" in page and f'name="received_{ids["申请书"]}"' in page
    body = {"decision": "accept", "checklist": "1", f"received_{ids['申请书']}": "1",
            f"form_{ids['申请书']}": "original", f"copies_{ids['申请书']}": "1", f"medium_{ids['申请书']}": "paper"}
    refused = client.post(f"/staff/tasks/{task.pk}/complete/", body)
    html = refused.content.decode()
    assert refused.status_code == 400 and "以下必需材料尚未收到，不能受理：营业执照" in html
    assert f'id="received_{ids["申请书"]}" name="received_{ids["申请书"]}" value="1" checked' in html  # kept
    body.update({f"received_{ids['营业执照']}": "1", f"form_{ids['营业执照']}": "copy",
                 f"copies_{ids['营业执照']}": "3", f"medium_{ids['营业执照']}": "paper"})
    assert client.post(f"/staff/tasks/{task.pk}/complete/", body).status_code == 302
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS


def test_the_api_describes_and_checks_the_checklist(item, staff):
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    api = Client()
    api.force_login(staff["clerk"])
    task = next(t for t in api.get("/api/v1/tasks/").json()["results"] if t["case"] == case.number)
    schema = task["input_schema"]
    assert schema["properties"]["received_materials"]["items"]["properties"]["requirement"]["enum"] == [
        ids["申请书"], ids["营业执照"]]
    api.post(f"/api/v1/tasks/{task['id']}/claim/")
    refused = api.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": "accept", "received_materials": []},
                       content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "received_materials"
    done = api.post(f"/api/v1/tasks/{task['id']}/complete/", {"decision": "accept", "received_materials": [
        {"requirement": ids["申请书"]}, {"requirement": ids["营业执照"], "copies": 2}]},
        content_type="application/json")
    assert done.status_code == 200


def test_an_immediate_item_is_denied_at_the_window_with_the_materials_ticked(dept, staff):
    item = factories.item(dept, kind="immediate", required_materials=True, promised=0, statutory=0)
    case = file_case(item, staff, at(2026, 11, 2, 9))
    ids = materials(case)
    task = open_task(case, "accept")
    client = Client()
    client.force_login(staff["clerk"])
    client.post(f"/staff/tasks/{task.pk}/claim/")
    body = {"decision": "deny", "opinion": "不符合法定条件", "checklist": "1"}
    for n in ids.values():
        body.update({f"received_{n}": "1", f"form_{n}": "original", f"copies_{n}": "1", f"medium_{n}": "paper"})
    assert client.post(f"/staff/tasks/{task.pk}/complete/", body).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision) == (Case.Status.COMPLETED, Case.Decision.DENIED)


def test_the_task_list_reads_the_checklists_without_a_query_per_task(item, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = Client()
    api.force_login(staff["clerk"])

    def queries(n_cases):
        while len(api.get("/api/v1/tasks/").json()["results"]) < n_cases:
            file_case(item, staff, at(2026, 11, 2, 9))
        with CaptureQueriesContext(connection) as captured:
            assert len(api.get("/api/v1/tasks/").json()["results"]) == n_cases
        return len(captured)

    assert queries(2) == queries(6)
