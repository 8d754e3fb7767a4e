"""The API answers what its OpenAPI schema says, for every operation and every role: schemathesis
generates requests from the live schema (served by the app at /api/schema/) and sends each one as
every demo user and as an anonymous caller. No answer may be a server error, and every documented
answer must match its declared body and content type."""

from __future__ import annotations

import io
import os
from datetime import datetime

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, note, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from backend.accounts.roles import ROLE_CHOICES
from backend.config.wsgi import application
from backend.workcalendar.calendar import SHANGHAI

# Bounded so the whole run stays within a few minutes on two cores; TONGBAN_API_EXAMPLES raises it locally.
MAX_EXAMPLES = int(os.environ.get("TONGBAN_API_EXAMPLES", "3"))
# Every role of backend/accounts/roles.py; the demo county has a user named after each.
ROLES = [role for role, _label in ROLE_CHOICES]
MOMENT = datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

# The schema as the app serves it; fetching it reads no table, so it loads while tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Generated examples only (valid and invalid ones, MAX_EXAMPLES in all): the coverage phase's
# exhaustive boundary cases would multiply the run several times over.
schema.config.phases.coverage.enabled = False
# The marker makes pytest-django create the test database the module-wide demo county needs.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _connection_kept():
    """Requests go to the real WSGI handler, which closes the connection after each one when it is
    inside a transaction (on PostgreSQL that would drop the test's transaction and the demo county);
    Django's own test client unhooks the same signal handler."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker, _connection_kept):
    """The demo county, loaded once for the module inside a transaction rolled back at its end; each
    operation's test runs in a savepoint (the `db` fixture), so one operation's writes never reach the next."""
    from rest_framework.authtoken.models import Token

    from backend.accounts.models import User

    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(MOMENT, tick=False):
            call_command("demo_data", stdout=io.StringIO())
        tokens = {name: Token.objects.get_or_create(user=User.objects.get(username=name))[0].key for name in ROLES}
        yield tokens
        transaction.set_rollback(True)


# KNOWN GAP (PostgreSQL only): the first in-process WSGI call inside the module's demo transaction
# finds the connection closed ("the connection is closed", answered 503), although a plain `db` test
# making the same call passes; not yet found. Strict, so the marker must go once it passes.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.xfail(ON_POSTGRES, strict=True, reason="connection closed inside the module transaction on PostgreSQL")
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_operation_as_every_role(case, demo_tokens, db):
    with time_machine.travel(MOMENT, tick=True):
        for role in [None, *ROLES]:
            note(f"as {role or 'an anonymous caller'}")  # printed with a failing example
            headers = {"Authorization": f"Token {demo_tokens[role]}"} if role else {}
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
