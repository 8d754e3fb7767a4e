"""The 送达 form in a real browser, by keyboard: the tracking number appears for post only, the signed
receipt is uploaded with the form, and the case closes."""


from django.utils import timezone

from backend.cases.models import Case
from tests import factories
from tests.e2e.pages import login
from workflows import services as flow
from workflows.selectors import tasks_open_for_case


def carry(case, user, step, decision, **extra):
    task = tasks_open_for_case(case=case).get(data__step=step)
    now = timezone.now()
    flow.task_claim(task_id=task.pk, actor=user, now=now)
    flow.task_complete(task_id=task.pk, actor=user, decision=decision, now=now, **extra)


def test_a_postal_delivery_is_recorded_by_keyboard(live_server, browser, dept):  # noqa: F811
    clerk = factories.user("clerk", "clerk", departments=[dept], service_centre=factories.centre())
    approver = factories.user("approver", "approver", departments=[dept])
    item = factories.item(dept, steps=["accept", "decide", "certify", "deliver"])
    case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON, actor=clerk,
                                    now=timezone.now())
    carry(case, clerk, "accept", "accept")
    carry(case, approver, "decide", "approve")
    carry(case, clerk, "certify", "done",
          step_input={"scope": "餐饮服务", "valid_from": timezone.localdate().isoformat()})

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/staff/tasks/")
    page.get_by_role("button", name=f"签收办件 {case.number}").click()
    page.wait_for_load_state()
    tracking = page.get_by_label("邮件运单号")
    assert tracking.is_hidden()  # nothing chosen yet: the post-only field waits
    page.get_by_label("窗口领取").focus()
    page.keyboard.press("Space")
    assert tracking.is_hidden()
    page.keyboard.press("ArrowDown")  # the next way in the group: 邮寄
    assert page.get_by_label("邮寄").is_checked() and tracking.is_visible()
    tracking.fill("1151234567890")
    page.get_by_label("送达回证扫描件（PDF、JPEG 或 PNG）").set_input_files(
        {"name": "邮件签收回执.pdf", "mimeType": "application/pdf", "buffer": factories.PDF})
    page.check("input[name=decision][value=done]")
    page.locator("form:has(input[name=decision]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "已办理" in page.content(), page.content()[:3000]
    context.close()
    case.refresh_from_db()
    assert case.status == Case.Status.COMPLETED
    assert (case.delivery.method, case.delivery.tracking_number) == ("post", "1151234567890")
