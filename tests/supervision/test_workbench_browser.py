"""Issue 14's walk through the supervision workbench in a real headless Chromium (Debian's package):
the officer sees a red case on the dashboard's chart, drills into it and its timeline, and issues a
supervision order; the department replies with evidence; the officer returns the reply once and
accepts the second; the department completes the case; the statistics and October's scorecard show
the department's overdue case and red card, and the signed-off circular's PDF names it.

The cases are those of the dashboard tests (test_dashboard.scene, pinned Monday 2026-10-19); the
clock ticks from there and is moved to 2 November to score October."""

from __future__ import annotations

import io
import os
import re

import time_machine
from django.utils import timezone
from pypdf import PdfReader

from backend.statistics.rollups import rollups_refresh
from backend.supervision.models import Order, OrderReply
from tests import factories
from tests.e2e.pages import login

from .conftest import act, at
from .test_dashboard import NOW, scene  # noqa: F401  (the same cases as the dashboard tests)
from .test_dashboard_browser import browser, click_red_bar, pytestmark  # noqa: F401  (Chromium, live server)

MARKET = "市场监督管理局"
SHOTS = os.environ.get("TONGBAN_SCREENSHOT_DIR", "/tmp")


def session(chromium, base, username):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, username)
    return context, page


def submit(page, button):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def reply(chromium, base, order_id, text):
    context, page = session(chromium, base, "reviewer")
    page.get_by_role("link", name="督办整改").first.click()
    page.locator(f'a[href="/supervision/orders/{order_id}/"]').first.click()
    page.fill("textarea[name=text]", text)
    page.set_input_files("input[name=evidence]", files=[{
        "name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": factories.PDF}])
    submit(page, "提交回告")
    assert Order.objects.get(pk=order_id).status == Order.Status.REPLIED, page.inner_text("main")[:2000]
    assert "整改报告.pdf" in page.inner_text("main")  # the evidence is listed with the reply
    context.close()


def test_issue14_red_case_order_returned_once_accepted_then_statistics_scorecard_and_circular(
        live_server, browser, scene, staff, settings):  # noqa: F811
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the pinned clock would date cookies in the past
    settings.CSRF_COOKIE_AGE = None
    settings.SUPERVISION_OFFICE_HEAD_USERNAME = "supervisor"  # the office's head signs the circular off
    base, red = live_server.url, scene["red"]
    with time_machine.travel(NOW, tick=True) as clock:
        # 1. The officer sees the red case on the chart and drills into it and its timeline.
        officer_context, officer = session(browser, base, "supervisor")
        officer.goto(f"{base}/supervision/dashboard/?state=yellow")
        click_red_bar(officer)
        assert "department=market" in officer.url
        officer.locator(f'a[href="/supervision/cases/{red.number}/"]').first.click()
        officer.wait_for_load_state()
        drill = officer.inner_text("main")
        assert "超出环节时限" in drill and "承诺时限与法定时限" in drill
        officer.get_by_role("link", name="查看办件详情与办理记录（时间线）").click()
        assert officer.locator("#case-timeline").count() == 1
        officer.go_back()
        officer.screenshot(path=f"{SHOTS}/issue14-drilldown.png", full_page=True)

        # 2. … and issues an order on it, prefilled from the case.
        officer.get_by_role("link", name="下发督办单").click()
        assert officer.input_value("input[name=case]") == red.number
        officer.fill("textarea[name=problem]", "该件已超过承诺时限，审查环节超期未说明原因。")
        officer.fill("textarea[name=requirement]", "两个工作日内办结，并书面说明超期原因。")
        officer.fill("input[name=days]", "2")
        submit(officer, "下发")
        order = Order.objects.get(case=red)
        assert officer.url.endswith(f"/supervision/orders/{order.pk}/")
        assert f"督办单已下发，回告期限为 {order.deadline.isoformat()}" in officer.inner_text("body")

        # 3. The department replies; the officer returns it once with a reason.
        reply(browser, base, order.pk, "已督促承办人审查。")
        officer.reload()
        officer.fill("textarea[name=reason]", "未说明超期原因和责任人。")
        submit(officer, "退回重新回告")
        assert Order.objects.get(pk=order.pk).status == Order.Status.RETURNED

        # 4. The second reply is accepted; the timeline of the case shows the whole exchange.
        reply(browser, base, order.pk, "超期系承办人病假未移交所致，已调整承办人，今日办结。")
        officer.reload()
        submit(officer, "通过，督办办结")
        order.refresh_from_db()
        assert order.status == Order.Status.ACCEPTED
        assert list(order.replies.values_list("decision", flat=True)) == [
            OrderReply.Decision.RETURNED, OrderReply.Decision.ACCEPTED]
        officer.goto(f"{base}/cases/{red.number}/")
        timeline = officer.locator("#case-timeline").locator("xpath=..").inner_text()
        for kind in ("order_issued", "order_replied", "order_returned", "order_accepted"):
            assert officer.locator(f'tr[data-kind="{kind}"]').count() >= 1, kind
        assert "未说明超期原因和责任人" in timeline

        # The department completes the late case the same day (services: not the subject here).
        for step, who, decision in (("review", "reviewer", "done"), ("decide", "approver", "approve"),
                                    ("complete", "clerk", "done")):
            act(red, staff[who], step, decision, timezone.now(), opinion="准予许可" if step == "decide" else "")

        # 5. The statistics for October count the case as completed late, with its red card.
        rollups_refresh(now=timezone.now())
        officer.goto(f"{base}/supervision/stats/?group_by=department&from=2026-10-01&to=2026-10-31")
        row = officer.locator("table tbody tr", has_text=MARKET)
        assert row.count() == 1, officer.inner_text("main")
        cells = row.first.locator("td").all_inner_texts()
        headers = officer.locator("table thead th").all_inner_texts()
        figures = dict(zip(headers[1:], cells, strict=False))
        assert figures["办结"] == "2" and figures["超时办结"] == "1" and int(figures["红牌"]) >= 1, figures

        # 6. On 2 November the officer scores October; the department is criticised in the circular.
        clock.move_to(at(2026, 11, 2, 9))
        officer_context.close()
        officer_context, officer = session(browser, base, "supervisor")
        officer.get_by_role("link", name="电子监察").first.click()
        officer.get_by_role("link", name="量化考评与通报").first.click()
        officer.fill("input[name=month]", "2026-10")
        submit(officer, "计算")
        assert "已计算 2026-10 的量化考评" in officer.inner_text("body")
        assert re.search(r"不参与排名", officer.inner_text("main"))  # 2 cases: fewer than the minimum sample
        officer.get_by_role("link", name=re.compile("通报")).first.click()
        assert MARKET in officer.locator("main").inner_text()
        submit(officer, "签发通报")
        submit(officer, "公开通报和排名")
        pdf = officer.request.get(f"{base}/supervision/scorecards/2026-10/circular.pdf")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
        assert MARKET in text and "批评" in text, text[:500]
        officer.screenshot(path=f"{SHOTS}/issue14-circular.png", full_page=True)
        officer_context.close()
