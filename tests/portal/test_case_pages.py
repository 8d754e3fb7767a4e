"""My cases, the case page, material downloads and resubmission after a supplement notice."""

from django.core.files.uploadedfile import SimpleUploadedFile

from backend.cases.models import CaseMaterial
from tests import factories

from .helpers import PDF, act, file_online


def upload(client, case, name="申请书.pdf", content=PDF):
    client.post(f"/cases/{case.number}/materials/", {"file-other": SimpleUploadedFile(name, content)})
    return CaseMaterial.objects.filter(case=case).latest("id")


def test_my_cases_lists_only_my_online_cases(browser, staff, item):
    mine = file_online(browser(staff["applicant"]), item)
    theirs = file_online(browser(staff["applicant2"]), item)
    html = browser(staff["applicant"]).get("/my/cases/").content.decode()
    assert mine.number in html and theirs.number not in html and "已提交" in html


def test_case_page_shows_applicant_item_status_timeline_and_materials(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    material = upload(client, case)
    act(browser(staff["clerk"]), staff["clerk"], case.number, "accept", opinion="材料齐全")
    html = client.get(f"/cases/{case.number}/").content.decode()
    for text in (case.number, case.query_code, item.name, "张小明", "11010519491231002X", "办理中",
                 "受理", "材料齐全", "clerk", "申请书.pdf"):
        assert text in html, text
    assert f'href="/cases/{case.number}/materials/{material.pk}/"' in html
    assert 'action="/cases/' not in html or "resubmit" not in html  # no resubmit form while in progress


def test_owner_downloads_material(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    material = upload(client, case)
    response = client.get(f"/cases/{case.number}/materials/{material.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert browser(staff["reviewer"]).get(f"/cases/{case.number}/materials/{material.pk}/").status_code == 200


def test_other_applicant_gets_404_on_case_and_material(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    material = upload(client, case)
    other = browser(staff["applicant2"])
    assert other.get(f"/cases/{case.number}/").status_code == 404
    assert other.get(f"/cases/{case.number}/materials/{material.pk}/").status_code == 404
    assert other.get(f"/cases/{case.number}/materials/").status_code == 404
    assert other.post(f"/cases/{case.number}/resubmit/").status_code == 404
    assert browser().get(f"/cases/{case.number}/").status_code == 302  # anonymous: sign in first


def test_material_of_another_case_is_404(browser, staff, item):
    client = browser(staff["applicant"])
    first = file_online(client, item)
    second = file_online(client, item)
    material = upload(client, first)
    assert client.get(f"/cases/{second.number}/materials/{material.pk}/").status_code == 404


def test_supervisor_reads_case_but_sees_no_forms(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    upload(client, case)
    act(browser(staff["clerk"]), staff["clerk"], case.number, "supplement", missing_materials="平面图")
    supervisor = browser(staff["supervisor"])
    for url in (f"/cases/{case.number}/", f"/cases/{case.number}/materials/"):
        page = supervisor.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        main = html[html.index("<main"):html.index("</main>")]
        assert "<form" not in main, url
        assert case.number in main and "申请书.pdf" in main
    assert "平面图" in supervisor.get(f"/cases/{case.number}/").content.decode()  # the supplement notice
    assert supervisor.post(f"/cases/{case.number}/materials/",
                           {"file-other": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    assert supervisor.post(f"/cases/{case.number}/resubmit/").status_code == 403


def test_applicant_resubmits_with_files_and_case_returns_to_acceptance(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    act(browser(staff["clerk"]), staff["clerk"], case.number, "supplement",
        missing_materials="营业执照复印件\n场所平面图", opinion="请一次性补齐")
    html = client.get(f"/cases/{case.number}/").content.decode()
    assert "待补正" in html and "营业执照复印件" in html and "场所平面图" in html
    assert f'action="/cases/{case.number}/resubmit/"' in html
    response = client.post(f"/cases/{case.number}/resubmit/", {
        "files": [SimpleUploadedFile("执照.pdf", PDF), SimpleUploadedFile("平面图.pdf", PDF)],
        "opinion": "已补齐"}, follow=True)
    case.refresh_from_db()
    assert case.status == "submitted"
    assert sorted(CaseMaterial.objects.values_list("original_name", flat=True)) == ["平面图.pdf", "执照.pdf"]
    html = response.content.decode()
    assert "补正材料已提交" in html and "补正后重新提交" in html
    act(browser(staff["clerk"]), staff["clerk"], case.number, "accept")
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_bad_resubmission_file_keeps_case_waiting(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    act(browser(staff["clerk"]), staff["clerk"], case.number, "supplement", missing_materials="平面图")
    response = client.post(f"/cases/{case.number}/resubmit/", {
        "files": [SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("bad.exe", b"MZ" * 50)],
        "opinion": "说明文字"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "bad.exe：只接受 PDF、JPEG 或 PNG 文件" in html and "说明文字" in html
    case.refresh_from_db()
    assert case.status == "supplement_requested"
    assert CaseMaterial.objects.count() == 0


def test_resubmitting_twice_is_a_message_not_an_error(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    response = client.post(f"/cases/{case.number}/resubmit/", follow=True)
    assert response.status_code == 200
    assert "该办件当前不需要补正" in response.content.decode()


def test_clerk_who_filed_sees_the_window_case(browser, staff, item):
    client = browser(staff["clerk"])
    client.post("/desk/", {"item": item.code, **factories.PERSON})
    case = item.cases.get()
    assert client.get(f"/cases/{case.number}/").status_code == 200
    assert browser(staff["applicant"]).get(f"/cases/{case.number}/").status_code == 404
