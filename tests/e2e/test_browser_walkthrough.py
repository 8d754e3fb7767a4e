"""A person files a case online and staff carry it to approval, all through the pages, in a real
headless Chromium (Debian's package; Playwright never downloads a browser here)."""

import os
import re

from tests import factories
from tests.e2e.pages import login


def work_task(browser, base, username, number, decision, opinion=""):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    login(page, base, username)
    page.goto(f"{base}/staff/tasks/")
    page.get_by_role("button", name=f"签收办件 {number}").click()
    page.wait_for_load_state()  # claiming opens the task page with its decisions
    page.check(f"input[name=decision][value={decision}]")
    if opinion:
        page.fill("textarea[name=opinion]", opinion)
    page.locator("form:has(input[name=decision]) button[type=submit]").click()
    page.wait_for_load_state()
    context.close()


def test_online_filing_to_approval_through_the_pages(live_server, browser, dept):
    factories.user("applicant", "applicant")
    factories.user("clerk", "clerk", departments=[dept], service_centre=factories.centre())
    factories.user("reviewer", "reviewer", departments=[dept])
    factories.user("approver", "approver", departments=[dept])
    item = factories.item(dept)
    base = live_server.url

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_role("link", name=item.name).first.click()
    assert "中华人民共和国行政许可法" in page.content()

    login(page, base, "applicant")
    page.goto(f"{base}/guides/{item.code}/apply/")
    page.fill("input[name=name]", "张小明")
    page.fill("input[name=id_number]", "110105194912310021")  # wrong check digit first
    page.fill("input[name=mobile]", "13812341234")
    page.click("main form button[type=submit]")
    assert "校验位" in page.content()
    assert page.input_value("input[name=name]") == "张小明"  # nothing the applicant typed is lost
    page.fill("input[name=id_number]", factories.PERSON["id_number"])
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    number = re.search(r"TB\d{14}", page.content()).group(0)
    query_code = re.search(r"\b[2-9A-HJKMNP-Z]{8}\b", page.inner_text("main")).group(0)
    context.close()

    work_task(browser, base, "clerk", number, "accept", "材料齐全，予以受理")
    work_task(browser, base, "reviewer", number, "done", "符合条件")
    work_task(browser, base, "approver", number, "approve", "准予许可")
    work_task(browser, base, "clerk", number, "done")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/track/?number={number}&query_code={query_code}")
    text = public.inner_text("main")
    assert "已办结" in text and "准予许可" in text
    public.screenshot(path=str(os.environ.get("TONGBAN_SCREENSHOT", "/tmp/tongban-track.png")), full_page=True)
