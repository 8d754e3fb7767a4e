"""The process diagram in a real headless Chromium (Debian's package), on a phone (360 px) and a wide
screen (1440 px): the diagram is visible with its current step, and the page never scrolls sideways.
Screenshots go to /tmp/diagram-*.png (TONGBAN_SCREENSHOT_DIR overrides) for a person to look at."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.accounts.models import Department
from tests import factories
from tests.e2e.pages import login
from workflows import services as flow

SH = ZoneInfo("Asia/Shanghai")


WIDTHS = (360, 1440)
JOINT = ["县市场监督管理局", "县消防救援大队", "市生态环境局县分局"]


def at(day, hour=10):
    return datetime(2026, 11, day, hour, tzinfo=SH)


def act(case, user, step, decision, now, **extra):
    from viewflow.workflow.models import Task

    task = next(t for t in Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"])
                if (t.data or {}).get("step") == step and t.data.get("department_id") in user.department_ids)
    flow.task_claim(task_id=task.pk, actor=user, now=now)
    flow.task_complete(task_id=task.pk, actor=user, decision=decision, now=now, **extra)


@pytest.fixture
def case_at_authorize(dept):
    """A joint item (three departments in parallel), a hearing and three levels; the file sits at 审批."""
    dept.name = "县行政审批局"
    dept.save(update_fields=["name"])
    clerk = factories.user("clerk", "clerk", departments=[dept], service_centre=factories.centre())
    reviewer = factories.user("reviewer", "reviewer", departments=[dept])
    factories.user("approver", "approver", departments=[dept])
    root = factories.user("root", "admin")
    root.is_staff = root.is_superuser = True
    root.save()
    joint = [Department.objects.create(code=f"J{n}", name=name) for n, name in enumerate(JOINT)]
    joint_reviewers = [factories.user(f"jr{n}", "reviewer", departments=[d]) for n, d in enumerate(joint)]
    item = factories.item(dept, kind="joint", promised=15, statutory=20, joint_departments=joint,
                          steps=["accept", "handle", "hearing", "check", "authorize", "decide", "certify", "deliver"])
    case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                                    actor=clerk, now=at(2, 9))
    act(case, clerk, "accept", "accept", at(2))
    for n, user in enumerate(joint_reviewers):
        act(case, user, "joint_review", "done", at(3 + n), opinion="同意")
    act(case, reviewer, "handle", "recommend_approve", at(5, 15), opinion="拟同意")
    act(case, reviewer, "hearing", "done", at(10), opinion="听证会已举行")
    act(case, reviewer, "check", "recommend_approve", at(11), opinion="同意")
    return case


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_case_page_draws_the_process_on_a_phone_and_a_wide_screen(live_server, browser, case_at_authorize,
                                                                      settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the pinned clock would date a session cookie in the past
    out = os.environ.get("TONGBAN_SCREENSHOT_DIR", "/tmp")
    base, number = live_server.url, case_at_authorize.number
    with time_machine.travel(at(13, 15), tick=True):
        for width in WIDTHS:
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
            page = context.new_page()
            login(page, base, "approver")
            page.goto(f"{base}/cases/{number}/")
            figure = page.locator("figure#case-flow")
            assert figure.is_visible()
            current = figure.locator("[aria-current=step]")
            assert current.count() == 1 and current.is_visible() and "审批" in current.inner_text()
            assert figure.locator(".flow-lane").count() == 3
            assert figure.locator(".flow-done").count() == 7
            assert no_sideways_scroll(page), width
            figure.scroll_into_view_if_needed()
            figure.screenshot(path=f"{out}/diagram-case-{width}.png")
            page.screenshot(path=f"{out}/diagram-page-{width}.png", full_page=True)

            page.goto(f"{base}/guides/{case_at_authorize.item.code}/")
            assert page.locator("figure#flow").is_visible() and no_sideways_scroll(page), width
            if width == WIDTHS[0]:
                page.locator("figure#flow").screenshot(path=f"{out}/diagram-guide-{width}.png")
            context.close()

        context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
        page = context.new_page()
        login(page, base, "root")
        page.goto(f"{base}/admin/catalog/serviceitem/{case_at_authorize.item.pk}/change/")
        preview = page.locator(".flow-preview")
        assert preview.locator("figure#admin-flow").is_visible() and preview.locator(".flow-lane").count() == 3
        preview.screenshot(path=f"{out}/diagram-admin-1440.png")
        context.close()
