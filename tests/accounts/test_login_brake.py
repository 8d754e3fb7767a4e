"""Password guessing is braked alike on every way in — the login page, the admin login and the token
API: failures count per (user name, address) and per address; the tenth failure brings a wait of a
minute, and each failure after a wait doubles it; any attempt during a wait is refused and counts;
the answer says how long; the real user elsewhere is not locked out; lockouts are logged and an
administrator can unlock."""

from datetime import datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from rest_framework.test import APIClient

from backend.supervision.hashlog import verify
from backend.supervision.models import LogEntry
from backend.workcalendar.calendar import SHANGHAI
from tests import factories

START = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
ATTACKER, OFFICE = "203.0.113.66", "198.51.100.20"


def login_page(password, *, address=ATTACKER, username="clerk"):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def token(password, *, address=ATTACKER, username="clerk"):
    return APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token/", {"username": username, "password": password},
                                               format="json")


def admin_login(password, *, address=ATTACKER, username="clerk"):
    return Client(REMOTE_ADDR=address).post("/admin/login/?next=/admin/", {"username": username, "password": password})


def password_change(password, *, address=ATTACKER, username="clerk"):
    """Somebody holding a signed-in session (left open, stolen) guesses its password to change it."""
    from django.contrib.auth import get_user_model

    client = Client(REMOTE_ADDR=address)
    client.force_login(get_user_model().objects.get(username=username))
    return client.post("/accounts/password_change/", {"old_password": password, "new_password1": "Fresh-pass-8817",
                                                      "new_password2": "Fresh-pass-8817"})


WAYS = {"login page": login_page, "token API": token, "admin login": admin_login, "password change": password_change}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("way", WAYS)
def test_the_tenth_wrong_password_brings_a_wait_even_for_the_right_one(staff, clock, way):
    guess = WAYS[way]
    for _ in range(9):
        assert guess("guess").status_code in (200, 400)  # the page again / invalid_credentials
    refused = guess("guess")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "请 1 分钟后再试" in refused.content.decode()
    if way == "token API":
        assert refused.json()["errors"][0]["code"] == "throttled"
    assert guess(factories.PASSWORD).status_code == 429  # refused, and counted: the wait grows


def test_the_old_password_is_checked_and_a_right_one_changes_it(staff, clock):
    wrong = password_change("guess")
    assert wrong.status_code == 200 and "旧密码不正确" in wrong.content.decode()
    assert password_change(factories.PASSWORD, address=OFFICE).status_code == 302
    assert login_page("Fresh-pass-8817", address=OFFICE).status_code == 302


def test_changing_user_agent_does_not_start_the_count_afresh(staff, clock):
    def guess(password, n):
        return Client(REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT=f"bot/{n}").post(
            "/accounts/login/", {"username": "clerk", "password": password})

    for n in range(10):
        guess("guess", n)
    for n, wait in ((10, 120), (11, 240), (12, 480)):
        clock.shift(timedelta(seconds=wait // 2 + 1))  # the previous wait is over: one more try is heard
        refused = guess("guess", n)
        assert refused.status_code == 429 and refused["Retry-After"] == str(wait)
    clock.shift(timedelta(seconds=470))
    inside = guess(factories.PASSWORD, 100)  # a fresh agent, ten seconds before the wait ends
    assert inside.status_code == 429 and inside["Retry-After"] == "960"  # refused, and counted
    clock.shift(timedelta(seconds=961))
    assert guess(factories.PASSWORD, 200).status_code == 302


def test_spraying_names_with_fresh_agents_is_braked_per_address(staff, clock):
    for n in range(10):
        Client(REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT=f"bot/{n}").post(
            "/accounts/login/", {"username": f"someone{n}", "password": "guess"})
    clock.shift(timedelta(seconds=61))
    Client(REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT="bot/x").post("/accounts/login/", {"username": "x", "password": "g"})
    assert login_page(factories.PASSWORD).status_code == 429  # the 11th failure earned two minutes
    assert login_page(factories.PASSWORD, address=OFFICE).status_code == 302


def test_the_count_outlives_a_short_wait_and_is_forgotten_after_a_quiet_window(staff, clock):
    for _ in range(10):
        token("guess")
    clock.shift(timedelta(seconds=61))
    token("guess")  # the eleventh: still on the same count, so a two-minute wait
    clock.shift(timedelta(minutes=14))
    assert token("guess").status_code == 429  # the twelfth: four minutes — the count was kept
    clock.shift(timedelta(minutes=16))  # a quarter of an hour without failures
    for _ in range(9):
        assert token("guess").status_code == 400
    assert token("guess").status_code == 429


@pytest.mark.parametrize("way", WAYS)
def test_the_real_user_elsewhere_is_not_locked_out(staff, clock, way):
    for _ in range(12):
        WAYS[way]("guess")
    assert login_page(factories.PASSWORD, address=OFFICE).status_code == 302
    assert token(factories.PASSWORD, address=OFFICE).status_code == 200


def test_failures_on_one_way_in_count_on_the_others(staff, clock):
    for guess in (login_page, token, admin_login, login_page, token, admin_login, login_page, token, admin_login):
        guess("guess")
    assert token("guess").status_code == 429  # the tenth, whichever way it came
    assert login_page(factories.PASSWORD).status_code == 429
    assert admin_login(factories.PASSWORD).status_code == 429


def test_the_wait_passes_by_itself(staff, clock):
    for _ in range(10):
        token("guess")
    clock.shift(timedelta(seconds=61))
    assert token(factories.PASSWORD).status_code == 200  # no administrator needed


def test_each_failure_after_a_wait_doubles_it(staff, clock):
    for _ in range(10):
        token("guess")
    for wait in (120, 240, 480):
        clock.shift(timedelta(seconds=wait // 2 + 1))  # the previous wait is over
        refused = token("guess")
        assert refused.status_code == 429 and refused["Retry-After"] == str(wait)
    clock.shift(timedelta(seconds=481))
    assert token(factories.PASSWORD).status_code == 200


def test_one_address_trying_many_names_is_braked_for_every_name(staff, clock):
    for n in range(10):
        login_page("guess", username=f"someone{n}")
    assert login_page(factories.PASSWORD).status_code == 429  # clerk's right password, same address
    assert login_page(factories.PASSWORD, address=OFFICE).status_code == 302


def test_a_success_forgets_the_users_own_typos(staff, clock):
    for _ in range(9):
        login_page("typo")
    assert login_page(factories.PASSWORD).status_code == 302
    for _ in range(9):
        login_page("typo")
    assert login_page(factories.PASSWORD).status_code == 302  # 18 typos, never braked


def test_a_proxy_that_writes_no_usable_address_still_lets_people_sign_in(staff, clock, settings):
    # Proxies write "unknown" or host:port; the brake keeps addresses in an inet column (PostgreSQL).
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for forwarded in ("unknown", "203.0.113.9:5050", ""):
        answer = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).post(
            "/accounts/login/", {"username": "clerk", "password": "typo"})
        assert answer.status_code == 200 and "用户名或密码" in answer.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    # A sign-in made without a request's address (force_login, a script) is logged, not failed.
    Client().force_login(staff["clerk"])
    assert AccessLog.objects.filter(username="clerk", ip_address="0.0.0.0").exists()
    assert Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="unknown").post(
        "/accounts/login/", {"username": "clerk", "password": factories.PASSWORD}).status_code == 302


def test_every_failure_is_kept_and_the_lockout_is_in_the_tamper_evident_log(staff, clock):
    for _ in range(12):
        token("guess")  # the 11th and 12th come during the wait: refused, and counted
    assert AccessFailureLog.objects.filter(username="clerk", ip_address=ATTACKER).count() == 12
    braked = LogEntry.objects.filter(kind="login_braked")
    assert braked.count() == 1 and braked.get().payload["username"] == "clerk"
    assert verify().ok


def test_an_administrator_unlocks_and_that_is_logged(staff, clock, admin_user):
    for _ in range(10):
        login_page("guess")
    assert login_page(factories.PASSWORD).status_code == 429
    admin = Client(REMOTE_ADDR=OFFICE)
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and ATTACKER in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    done = admin.post("/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": ids}, follow=True)
    assert "已解除" in done.content.decode()
    assert login_page(factories.PASSWORD).status_code == 302
    unlocked = LogEntry.objects.get(kind="login_unlocked")
    assert unlocked.payload["by"] == admin_user.username and ["clerk", ATTACKER] in unlocked.payload["unlocked"]


def test_a_locked_page_explains_in_english_too(staff, clock):
    for _ in range(10):
        login_page("guess")
    page = Client(REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE="en").post(
        "/accounts/login/", {"username": "clerk", "password": factories.PASSWORD})
    # This attempt came during the wait: refused and counted, so the wait is now 2 minutes.
    assert page.status_code == 429 and "try again in 2 minute" in page.content.decode()
