"""Every browser test drives a real headless Chromium — Debian's package; Playwright never downloads
a browser here — against the live server."""

import os
import shutil
from pathlib import Path

import pytest

from .pages import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == HERE:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                               reason="Debian chromium is not installed"))
            # The live server runs in another thread: rows must be committed; restore seeded data after.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()
