"""Issue 15 B in a real headless Chromium (Debian's package): an applicant files an information
request online; the office confirms it; the office head extends the term (art. 33); the officer
replies "partly granted" from the model reply, the head signs it off, the clerk records the
delivery; the reply PDF names the redacted part and its reason, and the record shows it all; the
organ's annual-report draft for the year counts it (received, partly granted, a natural person)."""

from __future__ import annotations

import subprocess

import time_machine

from backend.foi.models import InfoRequest
from tests import factories
from tests.e2e.pages import login
from tests.supervision.test_dashboard_browser import browser, pytestmark  # noqa: F401  (Chromium, live server)

from .conftest import at

SCENE = at(2026, 9, 28, 9)  # Monday before National Day


def session(chromium, base, username):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    login(page, base, username)
    return context, page


def submit(page, button):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_file_extend_and_reply_partly_granted_from_the_template(  # noqa: F811
        live_server, browser, organ, office, settings, tmp_path):  # noqa: F811
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the pinned clock would date cookies in the past
    settings.CSRF_COOKIE_AGE = None
    base = live_server.url
    with time_machine.travel(SCENE, tick=True):
        # 1. The applicant files online.
        ctx, page = session(browser, base, "citizen")
        page.goto(f"{base}/foi/apply/")
        page.select_option("#f-organ", label="临河县生态环境局")
        page.select_option("#f-type", "person")
        page.fill("#f-name", factories.PERSON["name"])
        page.fill("#f-id_number", factories.PERSON["id_number"])
        page.fill("#f-mobile", factories.PERSON["mobile"])
        page.fill("#f-description", "2025年度建设项目环境影响评价审批台账")
        page.select_option("#f-form", "electronic")
        page.select_option("#f-delivery_way", "email")
        page.fill("#f-email", "zhang@example.com")
        submit(page, "提交申请")
        assert "申请已提交" in page.inner_text("main"), page.inner_text("main")[:1500]
        request = InfoRequest.objects.get()
        number = request.case.number
        ctx.close()

        # 2. The clerk confirms receipt: the 20 working days run from today.
        ctx, page = session(browser, base, "foiclerk")
        page.goto(f"{base}/foi/{number}/")
        submit(page, "确认收到申请")
        assert page.locator("#deadline").inner_text() == "2026-10-30"
        ctx.close()

        # 3. The office head extends by 10 working days; the applicant is told.
        ctx, page = session(browser, base, "foihead")
        page.goto(f"{base}/foi/{number}/")
        page.fill("#f-days", "10")
        page.fill("#f-reason", "涉及档案调阅，需要延长答复期限")
        submit(page, "同意延期")
        assert page.locator("#deadline").inner_text() == "2026-11-13"
        assert "延期 10 个工作日" in page.inner_text("main")
        ctx.close()
        from backend.supervision.models import Notification

        assert Notification.objects.filter(case=request.case, kind="extended").exists()

        # 4. The officer drafts a partly granted reply from the model reply and submits it.
        ctx, page = session(browser, base, "foiofficer")
        page.goto(f"{base}/foi/{number}/")
        page.select_option("#f-reply_type", "partly_granted")
        page.select_option("#f-reply_ground", "third_party")
        page.fill("#f-data_provided", "审批台账（已删除个人信息）")
        page.fill("#f-data_redacted", "建设单位联系人的姓名和电话")
        page.fill("#f-data_reason", "涉及个人隐私，公开会对第三方合法权益造成损害")
        submit(page, "生成答复书")
        assert "第三十七条" in page.inner_text("main")
        submit(page, "提交审签")
        ctx.close()

        # 5. The head signs it off; the clerk records the electronic delivery.
        ctx, page = session(browser, base, "foihead")
        page.goto(f"{base}/foi/{number}/")
        submit(page, "同意签发")
        assert "审签" in page.inner_text("main")
        ctx.close()
        ctx, page = session(browser, base, "foiclerk")
        page.goto(f"{base}/foi/{number}/")
        page.select_option("#f-delivery_method", "electronic")
        page.fill("#f-confirmation", "已发送至 zhang@example.com")
        submit(page, "登记送达")
        main = page.inner_text("main")
        assert "已办结" in main and "已送达" in main and "部分公开" in main
        with page.expect_download() as download:
            page.locator("#reply-pdf").click()
        path = tmp_path / "reply.pdf"
        download.value.save_as(path)
        ctx.close()

        # 6. The organ's annual-report draft for this year counts it.
        from django.contrib.auth.models import Permission

        office["clerk"].user_permissions.add(Permission.objects.get(codename="change_annualreport"))
        ctx, page = session(browser, base, "foiclerk")
        page.goto(f"{base}/foi/reports/")
        page.fill("#f-year", "2026")
        page.select_option("#f-organ", organ.code)
        page.get_by_role("button", name="生成").click()
        page.wait_for_load_state()
        cells = lambda row: [t.strip() for t in page.locator(f'#requests-table tr[data-row="{row}"] td')  # noqa: E731
                             .all_inner_texts()]
        assert cells("new")[0] == "1" and cells("new")[-1] == "1"  # a natural person; the total
        assert cells("partly")[0] == "1" and cells("granted")[-1] == "0"
        ctx.close()

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert "部分公开" in flat and "建设单位联系人的姓名和电话" in flat and "第三十七条" in flat
    assert "临河县生态环境局" in flat and "0000-1234567" in flat and "草稿" not in flat
    request.refresh_from_db()
    assert (request.reply_type, request.reply_ground) == ("partly_granted", "third_party")
    assert request.case.status == "completed" and request.closed_at is not None
