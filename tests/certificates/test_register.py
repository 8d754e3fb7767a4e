"""The certificate register (证书登记簿): staff find any certificate by holder or number, see its
state on a day, and the issuing department's approvers revoke it there; others may not."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from backend.certificates.models import Certificate
from backend.workcalendar.calendar import SHANGHAI
from tests import factories
from tests.certificates.conftest import approved, at, issue
from tests.factories import COMPANY


def pinned(y, m, d, hour=10):
    return time_machine.travel(datetime(y, m, d, hour, tzinfo=SHANGHAI), tick=False)


def page_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _first_of_december():
    """Pages read today's date: each test runs on 1 December 2026 (signed in that day) unless it says."""
    with pinned(2026, 12, 1):
        yield


@pytest.fixture
def register(dept, staff):
    """Three certificates of the market department's item: 张小明's (valid, long-term), the company's
    (valid until 2026-12-31) and 李四's (revoked on 2026-11-20)."""
    item = factories.item(dept)
    when = at(2026, 11, 4)
    person = issue(approved(item, staff, when), staff, when)
    company = issue(approved(item, staff, when, applicant=COMPANY), staff, when, valid_until="2026-12-31")
    revoked = issue(approved(item, staff, when, applicant={**factories.PERSON, "name": "李四"}), staff, when)
    from backend.certificates.services import certificate_revoke

    certificate_revoke(certificate=revoked, reason="依法撤销", actor=staff["approver"], now=at(2026, 11, 20))
    return {"person": person, "company": company, "revoked": revoked}


def numbers_in(html: str, register: dict) -> set[str]:
    return {key for key, c in register.items() if c.number in html}


def test_the_register_finds_a_certificate_by_holder_number_or_case(register, staff):
    page = page_for(staff["clerk"])
    with pinned(2026, 12, 1):
        everything = page.get("/certificates/").content.decode()
        assert numbers_in(everything, register) == {"person", "company", "revoked"}
        assert "共 3 张证书" in everything and "<th scope=\"col\">证书编号</th>" in everything
        assert numbers_in(page.get("/certificates/?q=清泉").content.decode(), register) == {"company"}
        number = register["person"].number
        assert numbers_in(page.get(f"/certificates/?q={number}").content.decode(), register) == {"person"}
        case_number = register["revoked"].case.number
        assert numbers_in(page.get(f"/certificates/?q={case_number}").content.decode(), register) == {"revoked"}
        assert "没有找到符合条件的证书" in page.get("/certificates/?q=不存在").content.decode()


def test_the_register_filters_by_the_state_on_a_day(register, staff):
    with pinned(2027, 1, 5):  # signed in on the day (a session older than two weeks has expired)
        page = page_for(staff["reviewer"])
        assert numbers_in(page.get("/certificates/?status=valid").content.decode(), register) == {"person"}
        assert numbers_in(page.get("/certificates/?status=expired").content.decode(), register) == {"company"}
        assert numbers_in(page.get("/certificates/?status=revoked").content.decode(), register) == {"revoked"}
        before = page.get("/certificates/?status=valid&on=2026-11-19").content.decode()
        assert numbers_in(before, register) == {"person", "company", "revoked"}
        assert "状态截至 2026-11-19" in before
        unreadable = page.get("/certificates/?on=yesterday").content.decode()
        assert "已按今天显示" in unreadable and numbers_in(unreadable, register) == set(register)


def test_the_register_pages_through_many_certificates(dept, staff):
    item = factories.item(dept)
    when = at(2026, 11, 4)
    for _ in range(31):
        issue(approved(item, staff, when), staff, when)
    page = page_for(staff["clerk"])
    with pinned(2026, 12, 1):
        first = page.get("/certificates/").content.decode()
        assert "第 1 / 2 页" in first and 'rel="next"' in first
        assert first.count('<th scope="row" class="mono">') == 30
        assert page.get("/certificates/?page=2").content.decode().count('<th scope="row" class="mono">') == 1


def test_who_reads_the_register(register, staff, dept):
    assert Client().get("/certificates/").status_code == 302  # to the login page
    assert page_for(staff["applicant"]).get("/certificates/").status_code == 403
    assert page_for(staff["applicant"]).get(f"/certificates/{register['person'].pk}/").status_code == 403
    with pinned(2026, 12, 1):
        supervisor = page_for(staff["supervisor"]).get("/certificates/").content.decode()
        assert numbers_in(supervisor, register) == set(register) and "证书登记" in supervisor
        elsewhere = factories.user("water_clerk", "clerk", departments=[factories.department("water", "水利局")])
        assert numbers_in(page_for(elsewhere).get("/certificates/").content.decode(), register) == set()
        assert page_for(elsewhere).get(f"/certificates/{register['person'].pk}/").status_code == 404
    assert "证书登记" not in page_for(staff["applicant"]).get("/").content.decode()


def test_the_issuing_departments_approver_revokes_on_the_detail_page(register, staff):
    certificate = register["person"]
    url = f"/certificates/{certificate.pk}/"
    with pinned(2026, 12, 1):
        for reader in ("clerk", "supervisor"):
            html = page_for(staff[reader]).get(url).content.decode()
            assert certificate.number in html and 'name="reason"' not in html
        assert page_for(staff["supervisor"]).post(f"{url}revoke/", {"reason": "x"}).status_code == 403
        approver = page_for(staff["approver"])
        form = approver.get(url).content.decode()
        assert '<label for="reason">撤销理由' in form
        refused = approver.post(f"{url}revoke/", {"reason": "  "})
        assert refused.status_code == 400 and "撤销证书必须说明理由" in refused.content.decode()
        assert 'aria-invalid="true"' in refused.content.decode()
        done = approver.post(f"{url}revoke/", {"reason": "持证人申请注销"}, follow=True)
        html = done.content.decode()
        assert "已撤销" in html and "持证人申请注销" in html and 'name="reason"' not in html
        again = approver.post(f"{url}revoke/", {"reason": "再次"}, follow=True)
        assert "已于 2026-12-01 撤销" in again.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "持证人申请注销"


def test_the_api_lists_searches_and_revokes(register, staff, api):
    with pinned(2027, 1, 5):
        rows = api(staff["clerk"]).get("/api/v1/certificates/").json()
        assert rows["count"] == 3
        assert {r["number"]: r["status"] for r in rows["results"]} == {
            register["person"].number: "valid", register["company"].number: "expired",
            register["revoked"].number: "revoked"}
        found = api(staff["clerk"]).get("/api/v1/certificates/", {"q": "清泉"}).json()["results"]
        assert [r["holder"] for r in found] == [COMPANY["name"]]
        on_day = api(staff["clerk"]).get("/api/v1/certificates/", {"status": "valid", "on": "2026-11-19"}).json()
        assert on_day["count"] == 3 and {r["status"] for r in on_day["results"]} == {"valid"}
        bad = api(staff["clerk"]).get("/api/v1/certificates/", {"status": "lost"})
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
        assert api(staff["applicant"]).get("/api/v1/certificates/").status_code == 403
        target = register["person"].pk
        forbidden = api(staff["reviewer"]).post(f"/api/v1/certificates/{target}/revoke/", {"reason": "x"},
                                                format="json")
        assert forbidden.status_code == 403
        missing = api(staff["approver"]).post(f"/api/v1/certificates/{target}/revoke/", {}, format="json")
        assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
        done = api(staff["approver"]).post(f"/api/v1/certificates/{target}/revoke/", {"reason": "依法撤销"},
                                           format="json")
        assert done.status_code == 200 and done.json()["status"] == "revoked"
        assert api(staff["approver"]).post(f"/api/v1/certificates/{target}/revoke/", {"reason": "again"},
                                           format="json").status_code == 409
        assert api(staff["clerk"]).get(f"/api/v1/certificates/{target}/").json()["revocation_reason"] == "依法撤销"
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 2
