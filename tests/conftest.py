import os

import pytest
from rest_framework.test import APIClient

from tests import factories


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: it would hide a missing service or browser."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} skipped test(s) count as failures", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fresh_attempt_counters():
    """Counters of failed guesses are database rows (rolled back with each test); the cache is cleared
    too, so nothing a test left there can reach the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):  # the default cache and the public pages'
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def dept(db):
    return factories.department("market", "市场监督管理局")


@pytest.fixture
def staff(db, dept):
    """clerk, reviewer and approver of `dept`, plus an applicant and a supervisor."""
    c = factories.centre()
    return {
        "clerk": factories.user("clerk", "clerk", departments=[dept], service_centre=c),
        "reviewer": factories.user("reviewer", "reviewer", departments=[dept]),
        "approver": factories.user("approver", "approver", departments=[dept]),
        "applicant": factories.user("applicant", "applicant"),
        "applicant2": factories.user("applicant2", "applicant"),
        "supervisor": factories.user("supervisor", "supervisor"),
    }


@pytest.fixture
def api():
    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "materials": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    os.environ.setdefault("TONGBAN_TEST", "1")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_broker_hints(settings):
    """The rows are the record and the sweeps deliver them; tests that exercise a real worker turn
    the after-commit broker hints back on."""
    settings.SUPERVISION_NOTIFY_ENQUEUE = False
    settings.DISCLOSURE_ENQUEUE = False


@pytest.fixture(autouse=True)
def _default_language(settings):
    """LocaleMiddleware leaves the last request's language active in the thread; reset it."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _text_messages_in_memory(settings):
    """Text messages go to backend.common.sms.outbox, as e-mails go to django.core.mail.outbox."""
    from backend.common import sms

    settings.SMS_BACKEND = "backend.common.sms.LocmemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()
