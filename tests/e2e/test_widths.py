"""Every main page, seen by each kind of user on the demo county, fits a phone (360 px), a tablet
(768 px) and a desktop (1440 px): the page never scrolls sideways, nothing sticks out of the
viewport, short labels never break inside a word, and on a phone every control is big enough for a
thumb (tests/e2e/screens.py says how each is measured). axe-core finds no serious or critical
violation on them, with the staff menu both open (wide) and behind its menu button (narrow).

A full-page screenshot of each page at each width goes to $TONGBAN_SCREENSHOTS (default
var/screenshots/widths/), not committed, for a person to look at."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from django.core.management import call_command

from tests.e2e.screens import NARROW, WIDTHS, axe_violations, layout_problems

DEMO_PASSWORD = "tongban-demo"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("TONGBAN_SCREENSHOTS", ROOT / "var" / "screenshots" / "widths"))

# (user, paths); "first:" + a list path + a link pattern opens the list's first matching link.
RUNS = [
    (None, ["/", "first:/|/guides/[^/\"]+/", "/track/", "/public/", "/public/guides/", "/public/kiosk/",
            "first:/public/kiosk/|/public/guides/[^/\"]+/kiosk/", "/public/results/", "/public/notices/",
            "/public/catalogue/", "/public/letters/", "/public/letters/write/", "/foi/apply/", "/public/scorecards/",
            "/public/foi/reports/", "/accounts/login/"]),
    ("applicant", ["/my/cases/", "first:/my/cases/|/cases/TB\\d+/"]),
    ("clerk", ["/staff/tasks/", "first:/staff/tasks/|/staff/tasks/\\d+/", "/desk/", "/certificates/",
               "/notifications/", "/ratings/tablet/"]),
    ("reviewer", ["/staff/tasks/", "first:/staff/tasks/|/staff/tasks/\\d+/", "/letters/", "/foi/", "/directory/",
                  "first:/directory/|/directory/\\d+/"]),
    ("supervisor", ["/supervision/", "/supervision/dashboard/", "/supervision/orders/", "/supervision/scorecards/",
                    "/supervision/stats/", "/inspection/", "/letters/", "first:/letters/|/letters/[A-Z0-9-]+/",
                    "/foi/", "first:/foi/|/foi/[A-Z0-9-]+/", "/directory/",
                    "first:/supervision/|/cases/TB\\d+/"]),
    ("admin", ["/disclosure-scores/", "/foi/reports/", "/admin/workcalendar/calendarversion/import/"]),
]


def resolve(page, base, path):
    if not path.startswith("first:"):
        return path
    source, pattern = path[len("first:"):].split("|", 1)
    page.goto(f"{base}{source}")
    found = re.search(f'href="({pattern})"', page.content())
    assert found, f"no link {pattern} on {source}"
    return found.group(1)


def demo_login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def test_the_main_pages_fit_every_width_and_pass_axe(live_server, browser):
    call_command("demo_data", stdout=io.StringIO())
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    layout: dict[str, list[str]] = {}
    axe: dict[str, list[str]] = {}
    seen = 0
    for username, paths in RUNS:
        context = browser.new_context(locale="zh-CN", viewport={"width": WIDTHS[-1], "height": 900})
        page = context.new_page()
        if username:
            demo_login(page, base, username)
        for raw in paths:
            path = resolve(page, base, raw)
            admin = path.startswith("/admin/")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                response = page.goto(f"{base}{path}")
                assert response.status == 200, (username, path, response.status)
                page.wait_for_load_state("networkidle")
                where = f"{username or 'visitor'} {path} @{width}"
                page.screenshot(path=str(SHOTS / f"{username or 'visitor'}{path.replace('/', '_')}{width}.png"),
                                full_page=True)
                # Django's own admin stylesheet sizes its controls; ours are the project's pages.
                problems = [p for p in layout_problems(page, width) if not (admin and p.startswith("under "))]
                if problems:
                    layout[where] = problems
                if width in (NARROW, WIDTHS[-1]):
                    violations = axe_violations(page)
                    if violations:
                        axe[where] = violations
                seen += 1
        context.close()
    assert seen == sum(len(p) for _, p in RUNS) * len(WIDTHS)
    assert layout == {}, "\n".join(f"{k}: {v}" for k, v in layout.items())
    assert axe == {}, "\n".join(f"{k}: {v}" for k, v in axe.items())


def test_the_measurements_catch_what_they_are_for(live_server, browser):
    """The checks above can fail: a page made too wide, a label squeezed into two lines and a small
    button are each reported; a wide table in its scrolling box is not."""
    context = browser.new_context(locale="zh-CN", viewport={"width": NARROW, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/track/")
    page.wait_for_load_state("networkidle")
    assert layout_problems(page, NARROW) == []
    page.evaluate("""() => {
      const main = document.querySelector('main');
      const box = document.createElement('div'); box.className = 'table-scroll';
      box.innerHTML = '<table class="table"><tr><td style="min-width: 900px">宽表格</td></tr></table>';
      main.append(box);
    }""")
    assert layout_problems(page, NARROW) == []  # scrolls inside its box, not the page
    page.evaluate("""() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend',
        '<div id="too-wide" style="width: 500px">过宽</div>' +
        '<div style="width: 2em"><label id="squeezed">语言切换</label></div>' +
        '<button id="tiny" style="min-height: 0; height: 20px; padding: 0">小</button>');
    }""")
    problems = "\n".join(layout_problems(page, NARROW))
    assert "page scrolls sideways" in problems and "div. " in problems and '"过宽"' in problems
    assert 'wraps mid-word: label "语言切换"' in problems
    assert 'under 44 px: button[submit]' in problems and '"小"' in problems
    context.close()
