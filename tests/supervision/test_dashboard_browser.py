"""The dashboard in a real headless Chromium (Debian's package) under the Content-Security-Policy:
the vendored ECharts draws every chart without a blocked script or script error, a click on a
department's red bar opens that department's red list, and at 360 px the page does not scroll
sideways (tables scroll inside their own box)."""

import shutil

import pytest
import time_machine

from tests.e2e.pages import CHROMIUM, login

from .test_dashboard import NOW, scene  # noqa: F401  (the same cases as the page tests)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    import os

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def pinned(scene):  # noqa: F811
    """The live server's thread reads the wall clock too: keep it on the pinned moment, ticking."""
    with time_machine.travel(NOW, tick=True):
        yield scene


def click_red_bar(page):
    """Click the middle of the first department's red segment in the cards chart; wait for the list."""
    page.wait_for_selector('[data-chart="cards"] canvas')
    point = page.evaluate("""() => {
        const el = document.querySelector('[data-chart="cards"]');
        const chart = echarts.getInstanceByDom(el);
        const option = chart.getOption();
        const yellow = option.series[0].data[0].value, red = option.series[1].data[0].value;
        const [x, y] = chart.convertToPixel({gridIndex: 0}, [yellow + red / 2, 0]);
        const box = el.getBoundingClientRect();
        return {x: box.left + x, y: box.top + y + window.scrollY};
    }""")
    page.evaluate("y => window.scrollTo(0, y - 300)", point["y"])
    scrolled = page.evaluate("() => window.scrollY")
    page.mouse.click(point["x"], point["y"] - scrolled)
    page.wait_for_url("**state=red**")


def test_a_red_bar_opens_its_departments_red_list(live_server, browser, pinned, staff):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/supervision/dashboard/?state=yellow")
    page.wait_for_selector('[data-chart="cards"] canvas')
    for name in ("daily", "on_time", "cards", "used"):
        assert page.locator(f'[data-chart="{name}"] canvas').count() == 1, name
    click_red_bar(page)
    assert "department=market" in page.url and page.locator("#case-list").inner_text().startswith("超时的办件")
    assert pinned["red"].number in page.content()
    assert problems == []


def test_usable_at_360_px(live_server, browser, pinned, staff):
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="zh-CN")
    login(page, live_server.url, "supervisor")
    for path in ("/supervision/dashboard/?state=red", f"/supervision/cases/{pinned['red'].number}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    page.goto(f"{live_server.url}/supervision/dashboard/?state=red")
    page.screenshot(path="/tmp/dashboard-360.png", full_page=True)
