"""The annual report in a real headless Chromium: the disclosure office generates last year's draft,
types a wrong figure and corrects it beside its field, the organ's head signs it off, the office
publishes it, and after the relay the public page shows the tables (and prints without the forms)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import time_machine
from django.contrib.auth.models import Permission

from backend.disclosure import outbox
from tests import factories
from tests.e2e.pages import login
from tests.supervision.test_dashboard_browser import browser, pytestmark  # noqa: F401  (Chromium, live server)

from .test_report_support import NOW, at, info_request

SHOTS = os.environ.get("TONGBAN_SCREENSHOT_DIR", "/tmp")


def session(chromium, base, username):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, username)
    return context, page


def test_draft_corrected_signed_published_and_shown(live_server, browser, settings):  # noqa: F811
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    organ = factories.department("gov-office", "县政府办公室")
    item = factories.item(organ)
    head = factories.user("head", "approver", departments=[organ])
    organ.head = head
    organ.save()
    editor = factories.user("editor", "clerk", departments=[organ])
    editor.user_permissions.add(Permission.objects.get(codename="change_annualreport"))
    info_request(item, organ, received=date(2025, 12, 22), replied=at(2026, 1, 6), reply_type="granted")
    info_request(item, organ, received=date(2026, 9, 1), replied=at(2026, 9, 20), reply_type="partly_granted",
                 company="commercial")
    info_request(item, organ, received=date(2026, 12, 30))
    base = live_server.url
    with time_machine.travel(NOW, tick=True):
        context, page = session(browser, base, "editor")
        page.goto(f"{base}/foi/reports/")
        assert "还剩 19 天" in page.inner_text("#county-due")
        page.select_option("#f-organ", "gov-office")
        page.get_by_role("button", name="生成").click()
        page.wait_for_load_state()
        page.fill("#f-proactive-penalty", "-4")
        page.fill("#f-overview", "本年度依法办理政府信息公开申请。")
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
        field = page.locator("#f-proactive-penalty")
        assert field.get_attribute("aria-invalid") == "true" and field.input_value() == "-4"
        assert "0 至" in page.inner_text("#f-proactive-penalty-error")
        assert page.input_value("#f-overview") == "本年度依法办理政府信息公开申请。"
        field.fill("12")
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
        assert "已保存" in page.inner_text("main")
        new_row = page.locator('#requests-table tr[data-row="new"] td')
        assert [t.strip() for t in new_row.all_inner_texts()] == ["1", "1", "0", "0", "0", "0", "2"]
        page.screenshot(path=f"{SHOTS}/foi-report-draft.png", full_page=True)
        context.close()

        context, page = session(browser, base, "head")
        page.goto(f"{base}/foi/reports/")
        page.get_by_role("link", name="2026").click()
        page.get_by_role("button", name="审签").click()
        page.wait_for_load_state()
        assert "已审签" in page.inner_text("#report-status")
        context.close()

        context, page = session(browser, base, "editor")
        page.goto(f"{base}/foi/reports/")
        page.get_by_role("link", name="2026").click()
        page.get_by_role("button", name="公开").click()
        page.wait_for_load_state()
        assert "已公开" in page.inner_text("#report-status")
        context.close()

        outbox.relay_due(now=NOW + timedelta(days=1))
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base}/public/foi/reports/")
        page.get_by_role("link", name="县政府办公室2026年政府信息公开工作年度报告").click()
        page.wait_for_load_state()
        text = page.inner_text("main")
        assert "三、收到和处理政府信息公开申请情况" in text and "本年度依法办理政府信息公开申请。" in text
        page.screenshot(path=f"{SHOTS}/foi-report-public-narrow.png", full_page=True)
        page.emulate_media(media="print")
        assert not page.locator(".disclosure-nav").is_visible()
        context.close()
