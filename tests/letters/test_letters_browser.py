"""Issue 15 A in a real headless Chromium: a letter written on the portal without an account,
screened by the mailbox office, drafted by the department, signed off by its head, and the masked
reply found on the public site (and on the writer's tracking page, unmasked for them)."""

from __future__ import annotations

import time_machine
from django.utils import timezone

from backend.disclosure.outbox import relay_due
from backend.letters.models import Letter
from tests.e2e.pages import login
from tests.letters.conftest import WRITTEN
from tests.supervision.test_dashboard_browser import browser, pytestmark  # noqa: F401  (Chromium, live server)

REPLY = "王小红您好：小区加装电梯补贴由社区受理，经办人李建国，电话13800138000，可直接联系。"


def session(chromium, base, username=None):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if username:
        login(page, base, username)
    return context, page


def submit(page, button):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_issue15_write_screen_draft_sign_and_find_the_masked_reply(live_server, browser, mailbox, people,  # noqa: F811
                                                                   housing, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    base = live_server.url
    with time_machine.travel(WRITTEN, tick=True):
        # 1. The writer, without an account.
        context, page = session(browser, base)
        page.goto(f"{base}/public/letters/write/")
        page.check("input[name=letter_type][value=consultation]")
        page.fill("#f-subject", "加装电梯补贴如何申请")
        page.fill("#f-body", "我是幸福小区居民王小红，想了解加装电梯补贴。")
        page.fill("#f-writer_name", "王小红")
        page.fill("#f-mobile", "1391234567")  # one digit short: the error stands beside the field
        page.check("#f-may_publish")
        submit(page, "提交来信")
        assert "手机号码应为 11 位数字。" in page.inner_text("main")
        assert page.input_value("#f-subject") == "加装电梯补贴如何申请"
        page.fill("#f-mobile", "13912345678")
        submit(page, "提交来信")
        number = page.inner_text("#letter-number").strip()
        code = page.inner_text("#letter-code").strip()
        assert Letter.objects.filter(case__number=number).exists()
        context.close()

        # 2. The mailbox office screens it and assigns the housing bureau.
        context, page = session(browser, base, "xxclerk")
        page.goto(f"{base}/letters/")
        page.get_by_role("link", name=number).click()
        page.select_option("#f-department", str(housing.pk))
        submit(page, "提交甄别结果")
        assert "已受理并交办。" in page.inner_text("main")
        context.close()

        # 3. The department drafts the reply.
        context, page = session(browser, base, "zjjstaff")
        page.goto(f"{base}/letters/{number}/")
        page.select_option("#f-classification", "general")
        page.select_option("#f-outcome", "answered")
        page.fill("#f-reply", REPLY)
        submit(page, "提交审签")
        assert "答复已提交审签。" in page.inner_text("main")
        context.close()

        # 4. Its head signs it off.
        context, page = session(browser, base, "zjjhead")
        page.goto(f"{base}/letters/{number}/")
        assert REPLY in page.inner_text("#draft-text")
        page.fill("#f-sign-opinion", "同意签发")
        submit(page, "提交审签")
        assert "答复审签记录" in page.inner_text("main")
        context.close()

        # 5. The outbox relays; the public site shows the masked reply.
        relay_due(now=timezone.now())
        context, page = session(browser, base)
        page.goto(f"{base}/public/letters/")
        page.get_by_role("link", name="加装电梯补贴如何申请").click()
        reply = page.inner_text("#pub-reply")
        assert "王*红" in reply and "李*国" in reply and "138****8000" in reply
        assert "王小红" not in page.inner_text("main") and "13800138000" not in reply
        assert page.inner_text("#pub-writer") == "王*红"

        # 6. The writer tracks it and reads their reply.
        page.goto(f"{base}/public/letters/track/")
        page.fill("#f-number", number)
        page.fill("#f-query_code", code)
        submit(page, "查询")
        assert "已答复" in page.inner_text("#letter-status") and "电梯补贴" in page.inner_text("#letter-reply")
        context.close()
