"""A late case seen through the pages, in a real headless Chromium (Debian's package; Playwright never
downloads a browser here): a reviewer stops and restarts its clock from the task page, the
supervision officer finds it on the 电子监察 board, and once it is approved and completed an anonymous
visitor reads the decision on 政务公开 with the applicant's name masked.

Data that is not the subject of this test (filing, acceptance, the decision) is set up through the
workflow services with explicit moments, as tests/supervision does; the clocks sweep and the
disclosure relay are called directly instead of waiting for Celery beat."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests import factories

SH = ZoneInfo("Asia/Shanghai")


PROMISED_DAYS = 5
STATUTORY_DAYS = 10
# Past both limits, so every case clock's deadline lies before today: the test needs no calendar data
# beyond today (the seeded calendar ends with the current year) and the statutory breach shows too.
FILED_WORKING_DAYS_AGO = 12
OPINION = "经审查，申请人具备规定条件"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from backend.workcalendar import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


def working_days_ago(n: int) -> datetime:
    """10:00 Asia/Shanghai on the latest working day with at least n working days after it up to today."""
    from backend.workcalendar import calendar

    cal = calendar.get_calendar()
    today = timezone.localdate()
    day = today - timedelta(days=1)
    while not (cal.is_working_day(day) and cal.working_days_between(day, today) >= n):
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=SH)


def open_task(case, step):
    for task in Task.objects.filter(process_id=case.process_id).exclude(status__in=[STATUS.DONE, STATUS.CANCELED]):
        if (task.data or {}).get("step") == step:
            return task
    raise AssertionError(f"no open {step} task for {case.number}")


def act(case, user, step, decision, now, opinion=""):
    from workflows import services as flow

    task = open_task(case, step)
    flow.task_claim(task_id=task.pk, actor=user, now=now)
    flow.task_complete(task_id=task.pk, actor=user, decision=decision, opinion=opinion, now=now)
    case.refresh_from_db()


def new_page(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(locale="zh-CN")
    return context, context.new_page()


def sign_in(page, base, username):
    """Through the login page, as a person would: the 登录 link in the navigation, the two fields."""
    from playwright.sync_api import expect

    page.goto(f"{base}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录").click()
    expect(page.get_by_role("heading", name="登录", level=1)).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_suspension_supervision_board_and_masked_publication(live_server, browser, dept):
    from playwright.sync_api import expect

    from backend.cases.models import Case
    from backend.disclosure import outbox
    from backend.supervision import services as supervision
    from backend.supervision.models import Clock
    from workflows import services as flow

    clerk = factories.user("clerk", "clerk", departments=[dept], service_centre=factories.centre())
    reviewer = factories.user("reviewer", "reviewer", departments=[dept])
    approver = factories.user("approver", "approver", departments=[dept])
    factories.user("supervisor", "supervisor")
    item = factories.item(dept, promised=PROMISED_DAYS, statutory=STATUTORY_DAYS)
    base = live_server.url

    # 1. Filed at the window and accepted 12 working days ago; the sweep finds both case clocks late.
    filed_at = working_days_ago(FILED_WORKING_DAYS_AGO)
    case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                                    actor=clerk, now=filed_at)
    act(case, clerk, "accept", "accept", filed_at + timedelta(hours=1), "材料齐全，予以受理")
    supervision.clocks_sweep(now=timezone.now())
    promised = Clock.objects.get(case=case, kind=Clock.Kind.PROMISED)
    assert promised.state == Clock.State.RED, promised.state
    assert Clock.objects.get(case=case, kind=Clock.Kind.STATUTORY).statutory_breach
    number = case.number

    # 2. The reviewer stops the clock for an expert review from the task page, then restarts it.
    context, page = new_page(browser)
    sign_in(page, base, "reviewer")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办任务").click()
    expect(page.get_by_role("heading", name="待办任务", level=1)).to_be_visible()
    page.get_by_role("row").filter(has_text=number).get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=re.compile(rf"办件 {number}"), level=1)).to_be_visible()

    clock_panel = page.get_by_role("region", name="办理时限")
    expect(clock_panel.get_by_role("heading", name="办理时限")).to_be_visible()
    expect(clock_panel).to_contain_text("受理时承诺办结日期")
    expect(clock_panel).to_contain_text(f"{PROMISED_DAYS}个工作日")
    expect(clock_panel.get_by_text("超时", exact=True).first).to_be_visible()
    expect(clock_panel.get_by_text("超过法定时限", exact=True)).to_be_visible()

    procedure = clock_panel.get_by_label("特别程序", exact=True)
    expect(procedure).to_be_hidden()  # the form stays folded until asked for
    summary = clock_panel.get_by_text("暂停计时（特别程序）", exact=True)
    summary.focus()
    page.keyboard.press("Enter")  # a <details> opens from the keyboard
    expect(procedure).to_be_visible()
    procedure.select_option(label="专家评审（超过 20 个工作日须负责人批准）")
    clock_panel.get_by_label("具体事由").fill("组织专家对工艺流程进行评审")
    clock_panel.locator("#clock-expected").fill("5")
    clock_panel.get_by_role("button", name="暂停计时并告知申请人").click()

    expect(page.get_by_role("status").filter(has_text="已暂停计时，并已告知申请人。")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/staff/tasks/\d+/$"))  # back on the task page
    clock_panel = page.get_by_role("region", name="办理时限")
    # Already late when suspended: it stays red, shown as suspended beside it (the breach stands).
    expect(clock_panel.locator(".clock").nth(0)).to_have_text("超时")
    expect(clock_panel.locator(".clock").nth(1)).to_have_text("暂停计时")
    suspension_row = clock_panel.get_by_role("row").filter(has_text="专家评审")
    expect(suspension_row).to_contain_text("进行中")
    expect(suspension_row).to_contain_text("第四十五条")
    expect(clock_panel.get_by_text("暂停计时（特别程序）")).to_have_count(0)  # no second suspension offered

    clock_panel.get_by_role("button", name="特别程序结束，恢复计时").click()
    expect(page.get_by_role("status").filter(has_text="已恢复计时。")).to_be_visible()
    clock_panel = page.get_by_role("region", name="办理时限")
    expect(clock_panel.get_by_role("button", name="特别程序结束，恢复计时")).to_have_count(0)
    # Still late: a pause begun and ended today adds no working day to the deadline.
    expect(clock_panel.locator(".clock").first).to_have_text("超时")
    expect(clock_panel.get_by_role("row").filter(has_text="专家评审")).not_to_contain_text("进行中")
    context.close()

    # 3. The supervision officer opens 电子监察 and finds the case among the late ones.
    supervision.clocks_sweep(now=timezone.now())
    context, page = new_page(browser)
    sign_in(page, base, "supervisor")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="电子监察").click()
    expect(page.get_by_role("heading", name="电子监察", level=1)).to_be_visible()
    figures = page.get_by_role("region", name="在办件（按办件计）")
    expect(figures.get_by_role("listitem").filter(has_text="在办")).to_have_text(re.compile(r"^\s*1\s*在办\s*$"))
    red_figure = figures.get_by_role("link", name=re.compile(r"超时"))
    expect(red_figure).to_have_text(re.compile(r"^\s*1\s*超时\s*$"))
    expect(page.get_by_role("region", name="监察日志校验")).to_contain_text("监察日志共")
    warning_list = page.get_by_role("region", name="预警和超时的办件")
    expect(warning_list.get_by_role("link", name=number).first).to_be_visible()
    the_case = warning_list.locator("tbody.board-case").filter(has_text=number)  # the case, its clocks beneath
    expect(the_case.get_by_role("row").filter(has_text="承诺时限（")).to_contain_text("超时")
    expect(the_case.get_by_role("row").filter(has_text="法定时限（")).to_contain_text("超过法定时限")
    expect(figures.get_by_role("listitem").filter(has_text="超过法定时限")).to_have_text(
        re.compile(r"^\s*1\s*超过法定时限\s*$"))
    red_figure.click()
    expect(page.get_by_role("heading", name="超时的办件")).to_be_visible()
    expect(page.get_by_role("region", name="超时的办件").get_by_role("link", name=number).first).to_be_visible()
    expect(page.get_by_role("region", name="最新预警卡").get_by_role("link", name=number).first).to_be_visible()
    # Supervision officers read and change nothing: no clock actions on the case page.
    page.get_by_role("region", name="超时的办件").get_by_role("link", name=number).first.click()
    expect(page.get_by_role("region", name="办理时限")).to_be_visible()
    expect(page.get_by_role("button", name="特别程序结束，恢复计时")).to_have_count(0)
    expect(page.get_by_text("暂停计时（特别程序）")).to_have_count(0)
    context.close()

    # 4. Reviewed, approved and completed; the disclosure relay publishes the decision.
    act(case, reviewer, "review", "done", timezone.now(), "符合条件")
    act(case, approver, "decide", "approve", timezone.now(), OPINION)
    act(case, clerk, "complete", "done", timezone.now())
    assert case.status == Case.Status.COMPLETED, case.status
    relayed = outbox.relay_due(now=timezone.now() + timedelta(minutes=1))
    assert relayed.published >= 1 and relayed.failed == 0, relayed

    context, page = new_page(browser)  # an anonymous visitor
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政务公开").click()
    expect(page.get_by_role("heading", name="政务公开", level=1)).to_be_visible()
    page.get_by_role("navigation", name="政务公开栏目").get_by_role("link", name="办理结果公开").click()
    expect(page.get_by_role("heading", name="办理结果公开", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell", name="张*明", exact=True)).to_be_visible()
    expect(row).to_contain_text("准予许可")
    expect(row).to_contain_text(item.name)
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("张小明")
    for secret in (factories.PERSON["id_number"], factories.PERSON["mobile"], OPINION):  # opinions stay internal
        assert secret not in page.content()

    row.get_by_role("link", name=number).click()  # the decision's own page is masked too
    expect(page).to_have_url(re.compile(rf"/public/results/{number}/$"))
    expect(page.get_by_role("main")).to_contain_text("张*明")
    expect(page.get_by_role("main")).not_to_contain_text("张小明")
    html = page.content()
    assert "张小明" not in html and factories.PERSON["id_number"] not in html and factories.PERSON["mobile"] not in html
    context.close()
