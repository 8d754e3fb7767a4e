"""The annual report's staff pages (due date, the tables, the entry form with its errors, sign-off and
publication), the Excel download in the template's layout, and the public pages."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from backend.disclosure import outbox
from backend.foi.models_report import AnnualReport
from tests import factories

from . import test_report_support as support
from .test_report_support import NOW, at, info_request, published_result

pytestmark = pytest.mark.django_db
organ, foi_item = support.organ, support.foi_item  # fixtures


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def editor(organ):
    user = factories.user("editor", "clerk", departments=[organ])
    user.user_permissions.add(Permission.objects.get(codename="change_annualreport"))
    return user


@pytest.fixture
def head(organ):
    user = factories.user("head", "approver", departments=[organ])
    organ.head = user
    organ.save()
    return user


@pytest.fixture
def draft(foi_item, organ, editor):
    info_request(foi_item, organ, received=date(2025, 12, 20), replied=at(2026, 1, 8), reply_type="granted")
    info_request(foi_item, organ, received=date(2026, 3, 2), replied=at(2026, 3, 9), reply_type="refused",
                 ground="process_info", company="research")
    info_request(foi_item, organ, received=date(2026, 12, 29), company="commercial")
    published_result(organ, decided_on=date(2026, 5, 1))
    from backend.foi import report_services

    return report_services.report_generate(year=2026, organ=organ, actor=editor, now=NOW)


def test_the_list_shows_when_the_years_report_is_due(client, editor):
    client.force_login(editor)
    page = client.get("/foi/reports/").content.decode()
    assert "应于 2027-01-31 前公开（还剩 19 天）" in page
    with time_machine.travel(at(2027, 2, 3), tick=False):
        client.force_login(editor)  # sessions do not last three weeks
        late = client.get("/foi/reports/").content.decode()
    assert "已逾期：应于 2027-01-31 前公开，已超过 3 天" in late


def test_generating_from_the_page_opens_the_draft(client, editor, organ):
    client.force_login(editor)
    response = client.post("/foi/reports/generate/", {"year": "2026", "organ": "gov-office"})
    rep = AnnualReport.objects.get(year=2026, organ=organ)
    assert response.status_code == 302 and response.url == f"/foi/reports/{rep.pk}/"
    page = client.get(response.url).content.decode()
    assert '<th scope="col" rowspan="2">' in page and '<th scope="row" class="level-2">' in page
    assert "（成立）" in page and "（不成立）" not in page


def test_bad_figures_are_shown_beside_their_fields_and_kept(client, editor, draft):
    client.force_login(editor)
    response = client.post(f"/foi/reports/{draft.pk}/", {
        "overview": "总体情况草稿", "proactive.rules.issued": "-2", "proactive.fees": "abc",
        "review.direct_suit.upheld": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="f-proactive-rules-issued" name="proactive.rules.issued" value="-2" ' in page
    assert 'aria-describedby="f-proactive-rules-issued-error"' in page
    assert 'id="f-proactive-fees-error"' in page and "请填写以万元为单位的非负金额" in page
    assert "总体情况草稿</textarea>" in page
    draft.refresh_from_db()
    assert draft.overview == ""


def test_saving_the_form_and_the_excel_file(client, editor, draft):
    client.force_login(editor)
    response = client.post(f"/foi/reports/{draft.pk}/", {
        "overview": "本年度工作平稳有序。", "proactive.rules.in_force": "5", "proactive.penalty": "30",
        "proactive.fees": "1.25", "review.reconsideration.upheld": "2", "review.suit_after.pending": "1"})
    assert response.status_code == 302
    download = client.get(f"/foi/reports/{draft.pk}/excel/")
    assert download.status_code == 200
    assert "foi-annual-report-2026-gov-office-r1.xlsx" in download["Content-Disposition"] \
        or "%E5%8E%BF%E6%94%BF%E5%BA%9C" in download["Content-Disposition"]
    ws = load_workbook(BytesIO(download.content)).active
    assert ws["A1"].value == "县政府办公室2026年政府信息公开工作年度报告"
    cells = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    new = cells["一、本年新收政府信息公开申请数量"]
    # Columns: C 自然人, D–H 法人或其他组织 (商业企业 … 其他), I 总计.
    assert [ws.cell(row=new, column=c).value for c in range(3, 10)] == [0, 1, 1, 0, 0, 0, 2]
    assert ws.cell(row=cells["6.属于四类过程性信息"], column=5).value == 1
    assert ws.cell(row=cells["（七）总计"], column=9).value == 2
    assert ws.cell(row=cells["四、结转下年度继续办理"], column=4).value == 1
    assert ws.cell(row=cells["行政许可"], column=2).value == 1
    assert ws.cell(row=cells["行政处罚"], column=2).value == 30
    assert ws.cell(row=cells["规章"], column=4).value == 5
    assert ws.cell(row=cells["本年度工作平稳有序。"], column=1).value == "本年度工作平稳有序。"
    header = cells["申请人情况"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{header}:B{header + 1}" in merged and f"D{header}:H{header}" in merged
    review = cells["行政复议"]
    assert f"A{review}:E{review}" in merged and f"F{review}:O{review}" in merged
    assert [ws.cell(row=review + 3, column=c).value for c in (1, 5, 14, 15)] == [2, 2, 1, 1]


def test_sign_off_and_publish_from_the_page(client, editor, head, draft):
    client.force_login(editor)
    refused = client.post(f"/foi/reports/{draft.pk}/publish/")
    assert refused.status_code == 409 and "须经审签后才能公开" in refused.content.decode()
    assert client.post(f"/foi/reports/{draft.pk}/sign-off/").status_code == 403
    client.force_login(head)
    assert client.post(f"/foi/reports/{draft.pk}/sign-off/").status_code == 302
    assert client.post(f"/foi/reports/{draft.pk}/publish/").status_code == 302
    outbox.relay_due(now=NOW + timedelta(minutes=1))
    client.logout()
    public = client.get("/public/foi/reports/2026-gov-office/")
    assert public.status_code == 200 and "8.属于行政查询事项" in public.content.decode()
    sheet = client.get("/public/foi/reports/2026-gov-office.xlsx")
    assert load_workbook(BytesIO(sheet.content)).active["A1"].value.endswith("年度报告")


def test_staff_pages_are_closed_to_others(client, draft, organ):
    assert client.get("/foi/reports/").status_code == 302  # to the login page
    client.force_login(factories.user("clerk9", "clerk", departments=[organ]))
    assert client.get("/foi/reports/").status_code == 403
    assert client.get(f"/foi/reports/{draft.pk}/excel/").status_code == 403
    assert client.get("/public/foi/reports/2026-gov-office/").status_code == 404  # not yet published


def test_the_county_report_page_and_a_refused_redraft(client, editor, head, draft):
    admin = factories.user("boss", "admin")
    client.force_login(admin)
    client.post("/foi/reports/generate/", {"year": "2026", "organ": ""})
    county = AnnualReport.objects.get(year=2026, organ=None)
    page = client.get(f"/foi/reports/{county.pk}/").content.decode()
    assert "全县2026年政府信息公开工作年度报告" in page and "待管理员审签" in page
    client.force_login(head)
    client.post(f"/foi/reports/{draft.pk}/sign-off/")
    client.force_login(editor)
    refused = client.post("/foi/reports/generate/", {"year": "2026", "organ": "gov-office"})
    assert refused.status_code == 409 and "已审签" in refused.content.decode()
    bad_year = client.post("/foi/reports/generate/", {"year": "20x6", "organ": ""}, follow=True)
    assert "请填写年度" in bad_year.content.decode()
