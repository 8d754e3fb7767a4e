"""Materials come in from the right hands only, on every way in: before acceptance the applicant and
the window staff of the responsible department or of the filing centre; once accepted, only the
holder of a step that takes materials. Every upload, replacement and removal is on the timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from backend.cases.models import CaseEvent, CaseMaterial
from backend.cases.services import case_material_add
from tests import factories
from workflows import services as flow
from workflows.selectors import tasks_open_for_case

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def png(name="scan.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def item(dept):
    return factories.item(dept, steps=["accept", "review", "inspection", "decide", "complete"])


@pytest.fixture
def online_case(staff, item):
    return flow.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                    actor=staff["applicant"], now=timezone.now())


def upload(api, user, case, **extra):
    return api(user).post(f"/api/v1/cases/{case.number}/materials/", {"file": png(), **extra}, format="multipart")


def act(user, case, step, decision="done"):
    task = tasks_open_for_case(case=case).get(data__step=step)
    flow.task_claim(task_id=task.pk, actor=user, now=timezone.now())
    if decision:
        flow.task_complete(task_id=task.pk, actor=user, decision=decision, now=timezone.now())
    return task


def test_before_acceptance_the_applicant_and_the_window_may_add(online_case, staff, api):
    assert upload(api, staff["applicant"], online_case).status_code == 201
    assert upload(api, staff["clerk"], online_case).status_code == 201


@pytest.mark.parametrize("who", ["reviewer", "approver"])
def test_before_acceptance_other_staff_may_not(online_case, staff, api, who):
    response = upload(api, staff[who], online_case)
    assert response.status_code == 403
    assert "受理前只有申请人本人和受理窗口的工作人员" in response.json()["errors"][0]["message"]
    page = Client()
    page.force_login(staff[who])
    assert page.post(f"/cases/{online_case.number}/materials/", {"file-other": png()}).status_code == 403
    assert not CaseMaterial.objects.exists()


def test_a_window_clerk_of_another_department_may_add_to_a_case_filed_at_their_centre(staff, item):
    other = factories.department("transport", "交通运输局")
    centre = staff["clerk"].service_centre
    clerk = factories.user("clerk-transport", "clerk", departments=[other], service_centre=centre)
    case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                                    actor=clerk, now=timezone.now())
    assert case_material_add(case=case, uploaded_file=png(), requirement_id=None, actor=clerk, now=timezone.now())


def test_once_accepted_only_the_holder_of_a_step_taking_materials(online_case, staff, api):
    act(staff["clerk"], online_case, "accept", "accept")
    for who in ("applicant", "clerk", "reviewer", "approver"):
        assert upload(api, staff[who], online_case).status_code == 403, who
    act(staff["reviewer"], online_case, "review", decision=None)  # claimed: the reviewer holds the review
    assert upload(api, staff["reviewer"], online_case).status_code == 201
    assert upload(api, staff["approver"], online_case).status_code == 403


def test_supervisors_never_add(online_case, staff, api):
    response = upload(api, staff["supervisor"], online_case)
    assert response.status_code == 403 and "监察人员" in response.json()["errors"][0]["message"]


def test_removal_needs_a_reason_keeps_the_file_and_is_on_the_timeline(online_case, staff, api):
    added = upload(api, staff["applicant"], online_case).json()
    remove = f"/api/v1/cases/{online_case.number}/materials/{added['id']}/remove/"
    missing = api(staff["applicant"]).post(remove, {}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    assert api(staff["reviewer"]).post(remove, {"reason": "x"}, format="json").status_code == 403
    done = api(staff["applicant"]).post(remove, {"reason": "传错了文件"}, format="json")
    assert done.status_code == 200 and done.json()["removed_at"]
    material = CaseMaterial.objects.get(pk=added["id"])
    assert material.removal_reason == "传错了文件" and material.file.storage.exists(material.file.name)
    event = CaseEvent.objects.get(case=online_case, kind="material_removed")
    assert event.opinion == "传错了文件" and event.data["material_id"] == added["id"]
    assert api(staff["applicant"]).post(remove, {"reason": "again"}, format="json").status_code == 404


def test_a_replacement_supersedes_the_old_file_on_the_record(online_case, staff, api):
    first = upload(api, staff["applicant"], online_case).json()
    second = upload(api, staff["applicant"], online_case, replaces=first["id"])
    assert second.status_code == 201
    kinds = list(CaseEvent.objects.filter(case=online_case).values_list("kind", flat=True))
    assert kinds.count("material_uploaded") == 2 and kinds.count("material_removed") == 1
    detail = api(staff["applicant"]).get(f"/api/v1/cases/{online_case.number}/").json()
    old = next(m for m in detail["materials"] if m["id"] == first["id"])
    assert old["removed_at"] and "替换" in old["removal_reason"]
    page = Client()
    page.force_login(staff["applicant"])
    html = page.get(f"/cases/{online_case.number}/materials/").content.decode()
    assert "已移除的文件" in html


def test_the_page_removes_with_a_reason(online_case, staff):
    page = Client()
    page.force_login(staff["applicant"])
    page.post(f"/cases/{online_case.number}/materials/", {"file-other": png("wrong.png")})
    material = CaseMaterial.objects.get()
    page.post(f"/cases/{online_case.number}/materials/", {"remove": material.pk, "reason": "不是这份"})
    material.refresh_from_db()
    assert material.removed_at and material.removal_reason == "不是这份"
