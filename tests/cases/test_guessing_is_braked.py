"""Guessing a case's query code is braked: after ten failures the answer is 429, even for the
right code, and the message says so in the user's language. (Passwords: tests/accounts/test_login_brake.py.)"""

import pytest
from django.test import Client
from django.utils import timezone

from backend.cases.selectors import LOOKUP_FAILURES_PER_CASE, LOOKUP_FAILURES_PER_CLIENT
from tests import factories
from workflows import services


@pytest.fixture
def case(staff, dept):
    item = factories.item(dept)
    return services.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                        actor=staff["applicant"], now=timezone.now())


def lookup(api_client, number, code, address="203.0.113.5"):
    return api_client.get(f"/api/v1/public/cases/{number}/", {"query_code": code}, REMOTE_ADDR=address)


def test_ten_wrong_codes_lock_the_case_number_for_everyone(case, api):
    client = api(None)
    for n in range(LOOKUP_FAILURES_PER_CASE):
        assert lookup(client, case.number, f"WRONG{n:03d}", address=f"203.0.113.{n}").status_code == 404
    locked = lookup(client, case.number, case.query_code, address="198.51.100.1")
    assert locked.status_code == 429
    assert locked.json()["errors"][0] == {"field": None, "code": "throttled",
                                          "message": "尝试次数过多，请 15 分钟后再试。"}


def test_a_few_typos_do_not_stop_the_applicant(case, api):
    client = api(None)
    for _ in range(3):
        assert lookup(client, case.number, "WRONGCODE").status_code == 404
    assert lookup(client, case.number, case.query_code.lower()).status_code == 200


def test_one_address_guessing_across_many_numbers_is_stopped(case, api):
    client = api(None)
    for n in range(LOOKUP_FAILURES_PER_CLIENT):
        assert lookup(client, f"TB20260101{n:06d}", "WRONGCODE").status_code == 404
    assert lookup(client, case.number, case.query_code).status_code == 429
    assert lookup(client, case.number, case.query_code, address="198.51.100.1").status_code == 200


def test_the_tracking_page_says_why_without_a_field_prefix(case):
    client = Client(REMOTE_ADDR="203.0.113.9")
    wrong = client.get("/track/", {"number": case.number, "query_code": "WRONGCODE"})
    assert wrong.status_code == 404
    assert "办件编号或查询码不正确。" in wrong.content.decode() and "-: " not in wrong.content.decode()
    for _ in range(LOOKUP_FAILURES_PER_CASE):
        client.get("/track/", {"number": case.number, "query_code": "WRONGCODE"})
    locked = client.get("/track/", {"number": case.number, "query_code": case.query_code})
    assert locked.status_code == 429 and "尝试次数过多" in locked.content.decode()


def test_behind_the_proxy_each_client_is_counted_on_its_own(case, api, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = api(None)

    def ask(number, code, *, peer, forwarded):
        return client.get(f"/api/v1/public/cases/{number}/", {"query_code": code}, REMOTE_ADDR=peer,
                          HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(LOOKUP_FAILURES_PER_CLIENT):  # one client guessing across many numbers, via nginx
        assert ask(f"TB20260101{n:06d}", "WRONGCODE", peer="127.0.0.1", forwarded="198.51.100.7").status_code == 404
    assert ask(case.number, case.query_code, peer="127.0.0.1", forwarded="198.51.100.7").status_code == 429
    # Another client behind the same proxy is not punished for it.
    assert ask(case.number, case.query_code, peer="127.0.0.1", forwarded="198.51.100.8").status_code == 200


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(case, api, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = api(None)
    for n in range(LOOKUP_FAILURES_PER_CLIENT):  # a new made-up address on every guess
        client.get(f"/api/v1/public/cases/TB20260101{n:06d}/", {"query_code": "WRONGCODE"},
                   REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    locked = client.get(f"/api/v1/public/cases/{case.number}/", {"query_code": case.query_code},
                        REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert locked.status_code == 429


def test_right_codes_do_not_use_up_the_allowance(case, api):
    client = api(None)
    for n in range(LOOKUP_FAILURES_PER_CASE - 1):
        lookup(client, case.number, f"WRONG{n:03d}")
    for _ in range(5):
        assert lookup(client, case.number, case.query_code).status_code == 200
    assert lookup(client, case.number, "WRONG999").status_code == 404  # the tenth failure is still heard
    assert lookup(client, case.number, case.query_code).status_code == 429
