import pytest
from django.test import Client
from django.utils import translation

from tests import factories


@pytest.fixture
def browser():
    """A Django test client signed in as the given user (or anonymous)."""

    def client_for(user=None, **defaults):
        client = Client(**defaults)
        if user is not None:
            client.force_login(user)
        return client

    return client_for


@pytest.fixture
def item(dept):
    return factories.item(dept)


@pytest.fixture(autouse=True)
def _default_language(settings):
    """LocaleMiddleware leaves the last request's language active in the thread; a test that browses
    in English must not leave later tests (management commands, services) speaking English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
