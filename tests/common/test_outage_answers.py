"""When PostgreSQL is away a request answers 503 with Retry-After — JSON errors on the API, a short
page elsewhere — and any other server error a 500 in the same two forms (never Django's bare page).
The outage is simulated here by a query that fails as a lost connection does; tests/fault/ stops
the real connection."""

import sqlite3

import psycopg
import pytest
from django.db import OperationalError
from django.test import Client


def lost_connection(*args, **kwargs):
    raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")


def broken(*args, **kwargs):
    raise RuntimeError("a bug")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_the_api_answers_503_json_while_the_database_is_away(db, staff, client, monkeypatch):
    monkeypatch.setattr("backend.cases.selectors.case_list_visible_to", lost_connection)
    client.force_login(staff["clerk"])
    response = client.get("/api/v1/cases/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert response.json()["errors"][0]["code"] == "unavailable"


def test_a_page_answers_503_with_retry_advice(db, client, monkeypatch):
    monkeypatch.setattr("backend.portal.views.item_list_public", lost_connection)
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 503 and "服务暂时不可用" in text and "秒后刷新" in text


def test_other_server_errors_are_500_in_the_same_forms(db, staff, client, monkeypatch):
    monkeypatch.setattr("backend.cases.selectors.case_list_visible_to", broken)
    monkeypatch.setattr("backend.portal.views.item_list_public", broken)
    client.force_login(staff["clerk"])
    api = client.get("/api/v1/cases/")
    assert api.status_code == 500 and api.json()["errors"][0]["code"] == "server_error"
    assert "Retry-After" not in api
    page = client.get("/")
    assert page.status_code == 500 and "服务器内部错误" in page.content.decode()


def driver_error(error_class, message):
    """A database error as Django raises it: its own class, `from` the driver's (with its SQLSTATE)."""
    def fail(*args, **kwargs):
        try:
            raise error_class(message)
        except Exception as driver:
            raise OperationalError(message) from driver
    return fail


@pytest.mark.parametrize(("error_class", "message", "status"), [
    (psycopg.errors.AdminShutdown, "terminating connection due to administrator command", 503),
    (psycopg.OperationalError, "server closed the connection unexpectedly", 503),
    (psycopg.errors.QueryCanceled, "canceling statement due to statement timeout", 500),
    (psycopg.errors.DeadlockDetected, "deadlock detected", 500),
    (psycopg.errors.LockNotAvailable, "could not obtain lock on row", 500),
    (sqlite3.OperationalError, "database is locked", 500),
])
def test_only_a_database_that_is_away_answers_503(db, staff, client, monkeypatch, error_class, message, status):
    monkeypatch.setattr("backend.cases.selectors.case_list_visible_to", driver_error(error_class, message))
    client.force_login(staff["clerk"])
    response = client.get("/api/v1/cases/")
    assert response.status_code == status
    assert response.json()["errors"][0]["code"] == ("unavailable" if status == 503 else "server_error")
