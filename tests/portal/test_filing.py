"""Filing online and at the window desk, then uploading materials against the checklist."""

from django.core.files.uploadedfile import SimpleUploadedFile

from backend.cases.models import Case, CaseMaterial
from tests.factories import COMPANY, PERSON

from .helpers import PDF, file_online


def test_apply_needs_sign_in(browser, item):
    response = browser().get(f"/guides/{item.code}/apply/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_online_filing_creates_a_case_and_shows_its_number(browser, staff, item):
    client = browser(staff["applicant"])
    form = client.get(f"/guides/{item.code}/apply/").content.decode()
    assert 'for="f-id_number"' in form and 'for="f-credit_code"' in form and "csrfmiddlewaretoken" in form
    response = client.post(f"/guides/{item.code}/apply/", PERSON, follow=True)
    case = Case.objects.get()
    assert (case.channel, case.status, case.applicant_user) == ("online", "submitted", staff["applicant"])
    assert case.process_id is not None
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/cases/{case.number}/materials/"
    assert case.number in html and case.query_code in html
    assert "申请书" in html and "营业执照" in html  # the checklist to upload against


def test_company_filing_keeps_company_fields(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item, COMPANY)
    assert (case.applicant_type, case.credit_code, case.contact_name) == ("company", COMPANY["credit_code"], "李四")
    assert case.id_number == ""


def test_bad_id_number_shows_chinese_error_next_to_field_and_keeps_input(browser, staff, item):
    response = browser(staff["applicant"]).post(
        f"/guides/{item.code}/apply/", {**PERSON, "id_number": "110105194912310021"})
    assert response.status_code == 400
    html = response.content.decode()
    assert Case.objects.count() == 0
    error_at = html.index('id="f-id_number-error"')
    assert html.index('for="f-id_number"') < error_at < html.index('id="f-id_number"')
    assert "身份证号码校验位不正确" in html[error_at:error_at + 200]
    assert 'value="张小明"' in html and 'value="110105194912310021"' in html and 'value="13812341234"' in html
    assert 'aria-invalid="true"' in html


def test_each_bad_field_gets_its_own_message(browser, staff, item):
    response = browser(staff["applicant"]).post(
        f"/guides/{item.code}/apply/", {"type": "company", "name": "", "credit_code": "X", "mobile": "123"})
    html = response.content.decode()
    for field in ("name", "credit_code", "contact_name", "mobile"):
        assert f'id="f-{field}-error"' in html, field
    assert 'value="company" checked' in html


def test_supervisor_cannot_file(browser, staff, item):
    assert browser(staff["supervisor"]).get(f"/guides/{item.code}/apply/").status_code == 403


def test_materials_are_uploaded_against_the_checklist(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    requirement = item.guides.get().materials.get(name="申请书")
    response = client.post(f"/cases/{case.number}/materials/", {
        f"file-{requirement.pk}": SimpleUploadedFile("申请书.pdf", PDF),
        "file-other": SimpleUploadedFile("补充说明.pdf", PDF),
    }, follow=True)
    assert response.status_code == 200
    assert "已上传 2 个文件" in response.content.decode()
    materials = {m.original_name: m.requirement for m in CaseMaterial.objects.all()}
    assert materials == {"申请书.pdf": requirement, "补充说明.pdf": None}


def test_bad_upload_is_reported_next_to_its_material(browser, staff, item):
    client = browser(staff["applicant"])
    case = file_online(client, item)
    requirement = item.guides.get().materials.get(name="营业执照")
    response = client.post(f"/cases/{case.number}/materials/", {
        f"file-{requirement.pk}": SimpleUploadedFile("执照.pdf", b"MZ this is not a pdf" * 10)})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="file-{requirement.pk}-error"' in html
    assert "执照.pdf：只接受 PDF、JPEG 或 PNG 文件" in html
    assert CaseMaterial.objects.count() == 0


def test_window_desk_is_for_clerks(browser, staff, item):
    assert browser(staff["applicant"]).get("/desk/").status_code == 403
    assert browser(staff["reviewer"]).get("/desk/").status_code == 403


def test_clerk_files_at_the_window_and_sees_query_code_and_notice_link(browser, staff, item):
    client = browser(staff["clerk"])
    page = client.get("/desk/").content.decode()
    assert item.name in page and 'for="f-item"' in page
    response = client.post("/desk/", {"item": item.code, **COMPANY}, follow=True)
    case = Case.objects.get()
    assert (case.channel, case.filed_by, case.applicant_user) == ("window", staff["clerk"], None)
    html = response.content.decode()
    assert case.number in html and case.query_code in html
    assert f'href="/cases/{case.number}/notice.pdf"' in html
    assert 'type="file"' in html
    assert case.number in client.get("/desk/").content.decode()  # recent filings


def test_desk_errors_keep_the_chosen_item(browser, staff, item):
    response = browser(staff["clerk"]).post("/desk/", {"item": item.code, **PERSON, "mobile": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{item.code}" selected' in html and 'id="f-mobile-error"' in html
    assert browser(staff["clerk"]).post("/desk/", PERSON).status_code == 400  # no item chosen
