"""What the browser tests share beyond their fixture (conftest.py): Debian's Chromium and signing in."""

from tests import factories

CHROMIUM = "/usr/bin/chromium"


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.content()[:2000]
