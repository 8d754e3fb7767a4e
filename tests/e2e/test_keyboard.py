"""A window clerk accepts a case with the keyboard alone — Tab, Shift+Tab, arrows, Space, Enter and
typing; no mouse click anywhere — and a reviewer then reviews it the same way: sign in, skip to the
content, claim from the inbox, hear the errors of a rejected submission, tick the materials, submit.
On a phone-width window the staff menu opens and closes from its menu button with the keyboard."""

from __future__ import annotations

from django.utils import timezone

from backend.cases.models import Case
from tests import factories
from workflows import services as flow

ACTIVE = """() => { const el = document.activeElement; return {
  tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(), name: el.getAttribute('name'),
  value: el.value, label: el.getAttribute('aria-label'), cls: el.className, id: el.id,
  outline: getComputedStyle(el).outlineStyle, outlineWidth: parseFloat(getComputedStyle(el).outlineWidth),
  top: el.getBoundingClientRect().top, height: el.getBoundingClientRect().height}; }"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def tab_to(page, matches, *, key="Tab", limit=80) -> dict:
    """Press Tab (or `key`) until the focused element satisfies `matches`; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = active(page)
        if matches(now):
            return now
    raise AssertionError(f"never reached the element; last focused {active(page)}")


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    tab_to(page, lambda a: a["name"] == "username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert active(page)["name"] == "password"
    page.keyboard.type(factories.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url


def claim_from_inbox(page, base, number):
    page.goto(f"{base}/staff/tasks/")
    skip = tab_to(page, lambda a: a["cls"] == "skip-link")  # the first stop on every page
    assert skip["top"] >= 0 and skip["outline"] != "none", skip  # shown, and visibly focused
    page.keyboard.press("Enter")
    assert active(page)["id"] == "main"
    claim = tab_to(page, lambda a: a["label"] == f"签收办件 {number}")
    assert claim["outline"] == "solid" and claim["outlineWidth"] >= 2, claim
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Claiming opens the task page with the first decision focused.
    assert active(page)["name"] == "decision", active(page)


def submit_task(page):
    tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "提交")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_clerk_accepts_and_a_reviewer_reviews_with_the_keyboard_alone(live_server, browser, dept, staff):
    item = factories.item(dept, required_materials=True)
    case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                    actor=staff["applicant"], now=timezone.now())
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: d.dismiss())
    sign_in(page, base, "clerk")
    claim_from_inbox(page, base, case.number)

    # 不予受理 without a reason: refused, and the page says why to a screen reader.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert active(page)["value"] == "refuse"
    submit_task(page)
    summary = active(page)
    assert "error-summary" in summary["cls"] and "提交未成功" in summary["text"], summary
    assert page.get_attribute(".error-summary", "role") == "alert"
    opinion = page.locator("#opinion")
    assert opinion.get_attribute("aria-invalid") == "true"
    described = opinion.get_attribute("aria-describedby").split()
    assert "opinion-error" in described and page.inner_text("#opinion-error").strip()

    # Back to the decisions, choose 受理, tick both materials with Space, say why, submit.
    tab_to(page, lambda a: a["name"] == "decision")
    for _ in range(2):
        page.keyboard.press("ArrowUp")
    assert active(page)["value"] == "accept"
    for _ in range(2):
        tab_to(page, lambda a: (a["name"] or "").startswith("received_"))
        page.keyboard.press("Space")
    assert page.locator("input[name^=received_]:checked").count() == 2
    tab_to(page, lambda a: a["id"] == "opinion")
    page.keyboard.press("Control+a")
    page.keyboard.type("材料齐全，予以受理")
    submit_task(page)
    assert "error-summary" not in page.content()
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    context.close()

    # The reviewer: claim the review and complete it with an opinion, again by keyboard.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, "reviewer")
    claim_from_inbox(page, base, case.number)
    assert active(page)["value"] == "done"  # 审查: the reviewer's one decision, 完成
    page.keyboard.press("Space")
    tab_to(page, lambda a: a["id"] == "opinion")
    page.keyboard.type("经审查，符合条件")
    submit_task(page)
    assert "error-summary" not in page.content()
    events = list(case.events.values_list("step", flat=True))
    assert "review" in events, events
    context.close()


def test_the_staff_menu_opens_and_closes_from_the_keyboard_on_a_phone(live_server, browser, staff):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/staff/tasks/")
    menu = page.locator("#site-menu")
    assert not menu.is_visible()  # the long staff menu waits behind its button
    toggle = tab_to(page, lambda a: "nav-toggle" in a["cls"])
    assert toggle["height"] >= 44
    assert page.get_attribute(".nav-toggle", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert menu.is_visible() and page.get_attribute(".nav-toggle", "aria-expanded") == "true"
    assert active(page)["text"] == "办事大厅"  # focus moves into the menu
    page.keyboard.press("Escape")
    assert not menu.is_visible() and "nav-toggle" in active(page)["cls"]

    # "?" leads to the keyboard help the page documents.
    page.keyboard.press("?")
    assert active(page)["tag"] == "summary"
    assert page.locator("#keyboard-help").evaluate("el => el.open")
    assert "Shift" in page.inner_text("#keyboard-help") and page.locator("#keyboard-help dl").is_visible()
    context.close()
