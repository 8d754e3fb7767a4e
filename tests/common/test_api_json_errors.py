"""Every answer under /api/ is JSON in the error shape {"errors": [{field, code, message}]} — a path
no route matches (404), a method a route does not take (405) — while every other path keeps its
HTML pages. Server errors (500) and a database that is away (503): tests/common/test_outage_answers.py."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests import factories

SAMPLES = {"int": "999999", "str": "nope", "month": "2026-01", "period": "2026"}


def api_routes() -> list[str]:
    """Every route under /api/, made a concrete path (path converters and regex groups filled in)."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").removesuffix("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    def concrete(route: str) -> str:
        route = re.sub(r"<(\w+):\w+>", lambda m: SAMPLES[m.group(1)], route)
        route = re.sub(r"\^|\$", "", route)
        return "/" + re.sub(r"\(\?P<(\w+)>[^/]*?\)(?=/|$)", lambda m: SAMPLES[m.group(1)], route)

    return sorted({concrete(r) for r in walk(get_resolver().url_patterns) if r.startswith("api/")})


def assert_error_shape(response, status: int, code: str) -> None:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"field", "code", "message"} and e["message"] for e in errors)
    assert errors[0]["code"] == code


@pytest.fixture
def admin_client(db, dept):
    boss = factories.user("boss", "clerk", "reviewer", "approver", "supervisor", "admin", departments=[dept])
    boss.is_superuser = boss.is_staff = True
    boss.save()
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    return client


@pytest.mark.parametrize("path", ["/api/", "/api/v1/", "/api/v1/no-such-thing/", "/api/v2/tasks/",
                                  "/api/v1/tasks/not-a-number/claim/", "/api/v1/supervision/scorecards/2026/"])
def test_a_path_no_route_matches_answers_404_json(admin_client, path):
    for method in ("get", "post", "delete"):
        assert_error_shape(getattr(admin_client, method)(path), 404, "not_found")


def test_404_json_to_anonymous_callers_too(db):
    assert_error_shape(Client().get("/api/v1/nothing/here/"), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_404(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode().lower()


def test_every_api_route_answers_a_method_it_does_not_take_with_405_json(admin_client):
    routes = api_routes()
    assert "/api/v1/tasks/999999/claim/" in routes and "/api/v1/supervision/scorecards/2026-01/" in routes
    assert len(routes) > 90
    for path in routes:
        # PROPFIND is a method no view here takes; the answer must still be the API's.
        response = admin_client.generic("PROPFIND", path)
        assert_error_shape(response, 405, "method_not_allowed")


def test_a_405_names_the_methods_the_route_takes(admin_client):
    response = admin_client.delete("/api/v1/tasks/")
    assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and "DELETE" not in response["Allow"]
    response = admin_client.get("/api/v1/tasks/1/claim/")
    assert_error_shape(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_errors_are_json_whatever_the_client_accepts(admin_client, accept):
    """A browser asks for HTML first; DRF would draw its browsable page, the API answers JSON errors."""
    assert_error_shape(admin_client.get("/api/v1/cases/NO-SUCH-CASE/", HTTP_ACCEPT=accept), 404, "not_found")
    assert_error_shape(admin_client.delete("/api/v1/tasks/", HTTP_ACCEPT=accept), 405, "method_not_allowed")
    assert_error_shape(admin_client.post("/api/v1/tasks/999999/complete/", {"decision": "accept"},
                                         content_type="application/json", HTTP_ACCEPT=accept), 404, "not_found")
    assert_error_shape(admin_client.generic("PROPFIND", "/api/docs/", HTTP_ACCEPT=accept), 405, "method_not_allowed")
    assert_error_shape(admin_client.get("/api/v1/no-route/", HTTP_ACCEPT=accept), 404, "not_found")


def test_a_client_accepting_nothing_the_api_speaks_gets_406_json(admin_client):
    assert_error_shape(admin_client.get("/api/v1/tasks/", HTTP_ACCEPT="image/png"), 406, "not_acceptable")
    assert_error_shape(admin_client.get("/api/v1/no-route/", HTTP_ACCEPT="image/png"), 404, "not_found")


def test_an_anonymous_browser_gets_a_json_refusal(db):
    response = Client().get("/api/v1/tasks/", HTTP_ACCEPT="text/html")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json") and response.json()["errors"]


def test_a_request_refused_before_any_view_answers_400_json_under_the_api(db):
    client = Client(HTTP_HOST="not-our-host.example", raise_request_exception=False)
    assert_error_shape(client.get("/api/v1/items/"), 400, "bad_request")
    page = client.get("/")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_server_errors_and_outages_answer_json_to_a_browser_too(staff, monkeypatch):
    """The same forms as tests/common/test_outage_answers.py, asked for by a browser (Accept: text/html)."""
    from tests.common.test_outage_answers import broken, lost_connection

    client = Client(raise_request_exception=False)
    client.force_login(staff["clerk"])
    monkeypatch.setattr("backend.cases.selectors.case_list_visible_to", broken)
    assert_error_shape(client.get("/api/v1/cases/", HTTP_ACCEPT="text/html"), 500, "server_error")
    monkeypatch.setattr("backend.cases.selectors.case_list_visible_to", lost_connection)
    response = client.get("/api/v1/cases/", HTTP_ACCEPT="text/html")
    assert_error_shape(response, 503, "unavailable")
    assert response["Retry-After"] == "10"
