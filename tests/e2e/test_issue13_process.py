"""Issue 13's acceptance walk, through the real pages in a headless Chromium (Debian's package):

an administrator composes a four-level process with a hearing in the admin (承办 → 审核 → 听证 →
审批 → 签发 → 决定 → 制证 → 送达) and publishes it as a new version; a clerk files a case at the
window; staff drive it through, with one send-back (审批 → 审核) and the hearing; then the case
page's diagram, the clock explanation (the hearing's days not counted), the delivery record and
the certificate in the register are checked.

The clock is pinned (time-machine, which the live server's thread shares) to working days of
November 2026, a month the seeded calendar covers with no holiday, and moved on between steps, so
the hearing takes three working days. Screenshots: /tmp/issue13-*.png (TONGBAN_SCREENSHOT_DIR
overrides), for a person to look at."""

import os
import re
from datetime import datetime
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import time_machine

from backend.cases.models import Case
from tests import factories
from tests.e2e.pages import login

SH = ZoneInfo("Asia/Shanghai")


HEARING_DAYS = 3
HOLDER = factories.PERSON["name"]
# The words of backend/supervision/special_procedures.py (the suspension's reason) as the ledger
# (backend/supervision/ledger.py) writes them into the clock's 计算依据.
HEARING_REASON = f"听证（预计 {HEARING_DAYS} 个工作日，不计入办理时限）"
# 10 promised working days from the acceptance day, plus the three working days the hearing took
# (5, 6 and 9 November): the 13th working day after 2 November.
EXPLANATION_AFTER = f"10个工作日，自2026-11-02起算 + {HEARING_REASON}暂停3个工作日 = 2026-11-19"


def at(day, hour=10, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


class Desk:
    """One officer's session at a time: a fresh browser context, signed in through the login page
    (a session opened on 2 November would expire, by the pinned clock, before 17 November)."""

    def __init__(self, chromium, base):
        self.browser, self.base = chromium, base

    def open(self, username, *, width=1280):
        context = self.browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        page = context.new_page()
        login(page, self.base, username)
        return context, page

    def work(self, username, number, step_label, decision, opinion="", fill=None):
        """Claim the case's task at `step_label` in the inbox (签收), decide, fill what the step takes,
        submit, and see the inbox confirm it (已办理)."""
        context, page = self.open(username)
        page.goto(f"{self.base}/staff/tasks/")
        row = page.get_by_role("row").filter(has_text=number).filter(has_text=step_label)
        assert row.count() == 1, (username, step_label, page.inner_text("main"))
        row.get_by_role("button", name=f"签收办件 {number}").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == f"{step_label} · 办件 {number}", page.url
        page.check(f"input[name=decision][value={decision}]")
        if opinion:
            page.fill("textarea[name=opinion]", opinion)
        if fill:
            fill(page)
        page.locator("form:has(input[name=decision]) button[type=submit]").click()
        page.wait_for_load_state()
        text = page.inner_text("main")
        assert "已办理" in text and number in text, (step_label, page.url, text[:2000])
        context.close()

    def case_text(self, username, number, *, screenshot=None):
        context, page = self.open(username)
        page.goto(f"{self.base}/cases/{number}/")
        result = {
            "current": [el.inner_text() for el in page.locator("figure#case-flow [aria-current=step]").all()],
            "nodes": {el.locator(".flow-label").inner_text(): el.inner_text()
                      for el in page.locator("figure#case-flow .flow-step").all()},
            "loops": page.locator("figure#case-flow .flow-loops").all_inner_texts(),
            "clock": page.get_by_role("region", name="办理时限").inner_text(),
            "timeline": page.get_by_role("region", name="办理过程").inner_text(),
            "main": page.inner_text("main"),
        }
        sections = {"certificate": "证书", "delivery": "送达记录"}
        for key, name in sections.items():
            region = page.get_by_role("region", name=name, exact=True)
            result[key] = region.inner_text() if region.count() else ""
        if screenshot:
            page.screenshot(path=screenshot, full_page=True)
        context.close()
        return result


def fact(text, term):
    """The value after `term` in a <dl class="facts"> as inner_text renders it (term, tab or newline, value)."""
    match = re.search(rf"^{re.escape(term)}\s*\n?\t?(.+)$", text, re.M)
    return match.group(1).strip() if match else None


def compose_in_admin(page, base, item, dept):
    """The change page's 流程环节 inline: the v1 rows are 受理 0, 承办 1, 决定 2, 制证 3, 送达 4. Move
    the last three down and add 审核, 听证, 审批, 签发 between, with 'Add another' (admin JS)."""
    page.goto(f"{base}/admin/catalog/serviceitem/{item.pk}/change/")
    group = page.locator("#steps-group")
    assert "流程环节" in group.inner_text()
    for index, position in ((2, 6), (3, 7), (4, 8)):
        page.fill(f"input[name=steps-{index}-position]", str(position))
    added = [(2, "check", "reviewer", 1), (3, "hearing", "reviewer", HEARING_DAYS),
             (4, "authorize", "approver", 1), (5, "sign", "approver", 1)]
    for n, (position, step, role, budget) in enumerate(added, start=5):
        group.get_by_role("button", name="添加另一个 流程环节").click()  # admin's inlines.js
        prefix = f"steps-{n}"
        page.fill(f"input[name={prefix}-position]", str(position))
        page.select_option(f"select[name={prefix}-step]", step)
        page.select_option(f"select[name={prefix}-department]", str(dept.pk))
        page.select_option(f"select[name={prefix}-role]", role)
        page.fill(f"input[name={prefix}-budget_days]", str(budget))
        page.select_option(f"select[name={prefix}-day_kind]", "working")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".errornote, .errorlist").count() == 0, page.inner_text("#content")[:3000]


def test_issue13_four_levels_hearing_send_back_delivery_and_register(live_server, browser, dept,  # noqa: F811
                                                                      settings):
    # The pinned clock would date a session cookie, or the CSRF cookie, in the browser's past.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    out = os.environ.get("TONGBAN_SCREENSHOT_DIR", "/tmp")
    base = live_server.url
    desk = Desk(browser, base)

    with time_machine.travel(at(2, 8, 30), tick=True) as clock:
        root = factories.user("root", "admin")
        root.is_staff = root.is_superuser = True
        root.save()
        factories.user("clerk", "clerk", departments=[dept], service_centre=factories.centre())
        factories.user("reviewer", "reviewer", departments=[dept])
        factories.user("approver", "approver", departments=[dept])
        item = factories.item(dept, code="ISSUE13", promised=10, statutory=20,
                              steps=["accept", "handle", "decide", "certify", "deliver"])
        assert list(item.process_versions.values_list("version", flat=True)) == [1]

        # 1. The administrator composes the four levels and the hearing, and publishes them.
        context, page = desk.open("root", width=1440)
        compose_in_admin(page, base, item, dept)
        preview = page.locator(".flow-preview")
        assert "流程配置检查通过。" in preview.inner_text(), preview.inner_text()
        assert preview.locator(".flow-step").count() == 9 and preview.locator(".flow-special").count() == 1
        preview.screenshot(path=f"{out}/issue13-admin-preview.png")
        page.locator(".object-tools").get_by_role("link", name="发布流程新版本").click()
        page.wait_for_load_state()
        changes = page.locator("ul.process-changes").inner_text()
        assert "与已发布的第 1 版相比" in page.inner_text("#content")
        for added in ("“审核”", "“听证”", "“审批”", "“签发”"):
            assert added in changes, changes
        page.screenshot(path=f"{out}/issue13-admin-publish.png", full_page=True)
        page.fill("input[name=note]", "增加审核、听证、审批、签发四级审批")
        page.click("input[type=submit][value=发布]")
        page.wait_for_load_state()
        messages = "\n".join(page.locator("ul.messagelist").all_inner_texts())
        assert "已发布流程第 2 版。" in messages, messages
        page.screenshot(path=f"{out}/issue13-admin-published.png", full_page=True)
        context.close()
        published = item.process_versions.get(version=2)
        assert [s["step"] for s in published.steps] == [
            "accept", "handle", "check", "hearing", "authorize", "sign", "decide", "certify", "deliver"]
        assert published.published_by == root and published.note == "增加审核、听证、审批、签发四级审批"

        # 2. The clerk files the case at the window and accepts it, ticking the materials received.
        clock.move_to(at(2, 9, 30))
        context, page = desk.open("clerk")
        page.goto(f"{base}/desk/")
        page.select_option("select[name=item]", item.code)
        page.fill("input[name=name]", HOLDER)
        page.fill("input[name=id_number]", factories.PERSON["id_number"])
        page.fill("input[name=mobile]", factories.PERSON["mobile"])
        page.get_by_role("button", name="登记办件").click()
        page.wait_for_load_state()
        number = re.search(r"TB\d{14}", page.inner_text("main")).group(0)
        context.close()
        case = Case.objects.get(number=number)
        assert case.process_version == published  # filed after the publication: runs on v2

        clock.move_to(at(2, 10))

        def tick_materials(page):
            checklist = page.locator("fieldset.checklist")
            assert checklist.is_visible()
            for material in ("申请书", "营业执照"):
                checklist.get_by_label(material, exact=True).check()

        desk.work("clerk", number, "受理", "accept", "材料齐全，予以受理", fill=tick_materials)

        clock.move_to(at(3))
        desk.work("reviewer", number, "承办", "recommend_approve", "拟同意")
        clock.move_to(at(4))
        desk.work("reviewer", number, "审核", "recommend_approve", "同意，提请听证")

        # 3. The hearing is open: the case clock stands still.
        clock.move_to(at(5, 15))
        during = desk.case_text("reviewer", number, screenshot=f"{out}/issue13-case-hearing.png")
        assert len(during["current"]) == 1 and "听证" in during["current"][0], during["current"]
        assert "暂停计时" in during["clock"], during["clock"]
        assert f"{HEARING_REASON}暂停中（自2026-11-04起，已暂停1个工作日）" in fact(during["clock"], "计算依据"), \
            during["clock"]

        # The restart is the procedure's: no manual resume is offered while the hearing runs.
        context, page = desk.open("reviewer")
        page.goto(f"{base}/cases/{number}/")
        assert page.get_by_role("button", name="特别程序结束，恢复计时").count() == 0
        assert "暂停中（自2026-11-04起" in page.get_by_role("region", name="办理时限").inner_text()
        context.close()

        clock.move_to(at(9))
        desk.work("reviewer", number, "听证", "done", "听证会已举行，听证笔录附卷")

        # 4. 审批 sends the file back to 审核; it passes 审核 again, not the hearing (already held).
        clock.move_to(at(10))

        def back_to_check(page):
            target = page.locator("select[name=send_back_to]")
            assert target.is_visible()
            label = next(o for o in target.locator("option").all_inner_texts() if o.endswith("审核"))
            target.select_option(label=label)

        desk.work("approver", number, "审批", "send_back", "审核意见未回应听证中提出的问题，请补充", fill=back_to_check)
        clock.move_to(at(11))
        desk.work("reviewer", number, "审核", "recommend_approve", "已补充：听证意见已采纳")
        clock.move_to(at(11, 15))
        context, page = desk.open("reviewer")
        page.goto(f"{base}/staff/tasks/")
        assert page.get_by_role("row").filter(has_text=number).count() == 0, page.inner_text("main")  # no 听证 again
        context.close()
        clock.move_to(at(12))
        desk.work("approver", number, "审批", "done", "同意")
        clock.move_to(at(13))
        desk.work("approver", number, "签发", "done", "同意签发")

        # 5. The decision, the certificate and its delivery at the window with the signed receipt.
        clock.move_to(at(16))
        desk.work("approver", number, "决定", "approve", "准予许可")
        clock.move_to(at(16, 15))

        def certificate(page):
            assert page.get_by_label("持证人").input_value() == HOLDER
            page.get_by_label("许可范围").fill("食品经营（餐饮服务）")
            page.get_by_label("有效期至").fill("2031-11-15")

        desk.work("clerk", number, "制证", "done", fill=certificate)
        clock.move_to(at(17))

        def delivery(page):
            page.get_by_label("窗口领取").check()
            assert page.get_by_label("送达日期").input_value() == "2026-11-17"
            page.get_by_label("签收人").fill(HOLDER)
            page.get_by_label("送达回证扫描件（PDF、JPEG 或 PNG）").set_input_files(
                {"name": "送达回证.pdf", "mimeType": "application/pdf", "buffer": factories.PDF})

        desk.work("clerk", number, "送达", "done", "申请人到窗口领取证书", fill=delivery)

        # 6. The case page: diagram, clock, timeline, certificate and delivery.
        clock.move_to(at(17, 15))
        case.refresh_from_db()
        assert case.status == Case.Status.COMPLETED
        cert = case.certificate
        done = desk.case_text("approver", number, screenshot=f"{out}/issue13-case.png")
        summary = done["main"]
        assert fact(summary, "办理流程版本") == "v2", summary[:1500]
        assert fact(summary, "状态") == "已办结"
        assert done["current"] == [], done["current"]
        nodes = done["nodes"]
        assert "办理 2 次" in nodes["审核"] and "办理 2 次" in nodes["审批"], nodes
        assert "办理 2 次" not in nodes["听证"] and "不计入法定时限" in nodes["听证"], nodes["听证"]
        assert "已用 3 个工作日" in nodes["听证"], nodes["听证"]
        assert any("“审批”退回至“审核”（1 次）" in loop for loop in done["loops"]), done["loops"]
        assert "退回至“审核”" in done["timeline"], done["timeline"]
        assert fact(done["clock"], "计算依据") == EXPLANATION_AFTER, done["clock"]
        assert fact(done["clock"], "已用工作日") == "8", done["clock"]  # 11 working days, 3 of them the hearing
        assert "已结束计时" in done["clock"]
        assert fact(done["certificate"], "证书编号") == cert.number, done["certificate"]
        assert fact(done["certificate"], "持证人") == HOLDER
        assert fact(done["delivery"], "送达方式") == "窗口领取", done["delivery"]
        assert fact(done["delivery"], "送达日期") == "2026-11-17"
        assert fact(done["delivery"], "签收人") == HOLDER
        assert "送达回证.pdf" in done["delivery"]
        assert f"制证：证书编号 {cert.number}" in done["timeline"]
        assert f"送达：窗口领取，{HOLDER} 签收" in done["timeline"]

        # 7. The certificate register, searched by holder.
        context, page = desk.open("approver")
        page.goto(f"{base}/certificates/")
        page.get_by_label("持证人、证书编号或办件编号").fill(HOLDER)
        page.get_by_role("button", name="查找").click()
        page.wait_for_load_state()
        assert parse_qs(urlparse(page.url).query)["q"] == [HOLDER], page.url
        row = page.get_by_role("row").filter(has_text=cert.number)
        assert row.count() == 1, page.inner_text("main")
        assert HOLDER in row.inner_text() and number in row.inner_text() and "有效" in row.inner_text()
        page.screenshot(path=f"{out}/issue13-register.png", full_page=True)
        context.close()
