"""撤销: only the issuing department's approvers and administrators revoke a certificate, always with
a reason, which the timeline and the supervision log keep; the published result follows (已撤销)."""

from datetime import date

import pytest
from django.test import Client

from backend.cases.models import CaseEvent
from backend.certificates import services
from backend.certificates.models import Certificate
from backend.common.errors import Conflict, DomainError
from backend.disclosure import outbox
from backend.disclosure.models import OutboxEvent, Publication
from backend.supervision.models import LogEntry
from tests import factories
from tests.certificates.conftest import act, at, delivery_input

REVOKED_AT = at(2026, 11, 20, 10)


@pytest.fixture
def delivered(certified, staff):
    """A completed case with its certificate (valid 2026-11-04 to 2031-11-03), delivered on 5 November."""
    case = certified()
    act(case, staff["clerk"], "deliver", "done", at(2026, 11, 5, 16), step_input=delivery_input())
    return case


def revoke(certificate, user, reason="申请人以欺骗手段取得行政许可（行政许可法第六十九条第二款）", when=REVOKED_AT):
    return services.certificate_revoke(certificate=certificate, reason=reason, actor=user, now=when)


def test_a_revocation_needs_a_reason_and_stays_on_record(delivered, staff):
    certificate = Certificate.objects.get(case=delivered)
    with pytest.raises(DomainError) as refused:
        revoke(certificate, staff["approver"], reason=" \u200b ")
    assert [(e.field, e.code) for e in refused.value.errors] == [("reason", "required")]
    revoke(certificate, staff["approver"])
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoked_by) == (REVOKED_AT, staff["approver"])
    assert certificate.status_on(date(2026, 11, 19)) == "valid"
    assert certificate.status_on(date(2026, 11, 20)) == "revoked"
    event = CaseEvent.objects.filter(case=delivered, step="certify").latest("created_at")
    assert event.data["action"] == "revoked" and event.opinion.startswith("申请人以欺骗手段")
    entry = LogEntry.objects.get(kind="certificate_revoked")
    assert entry.payload["certificate_number"] == certificate.number and entry.payload["actor"] == "approver"
    with pytest.raises(Conflict) as twice:
        revoke(certificate, staff["approver"], when=at(2026, 11, 21))
    assert twice.value.errors[0].code == "already_revoked"
    page = Client()
    page.force_login(staff["clerk"])
    html = page.get(f"/cases/{delivered.number}/").content.decode()
    assert f"撤销证书：证书编号 {certificate.number}" in html and "已撤销" in html


@pytest.mark.parametrize("who", ["clerk", "reviewer", "supervisor", "other_approver"])
def test_only_approvers_of_the_issuing_department_and_administrators_revoke(delivered, staff, who):
    certificate = Certificate.objects.get(case=delivered)
    users = {**staff, "other_approver": factories.user("water_approver", "approver",
                                                        departments=[factories.department("water", "水利局")])}
    with pytest.raises(DomainError) as forbidden:
        revoke(certificate, users[who])
    assert forbidden.value.status == 403
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_a_county_administrator_revokes_in_any_department(delivered):
    certificate = Certificate.objects.get(case=delivered)
    admin = factories.user("county_admin", "admin")
    revoke(certificate, admin)
    assert Certificate.objects.get(pk=certificate.pk).revoked_by == admin


def relay(when):
    return outbox.relay_due(now=when)


def public(client, number):
    return client.get(f"/public/api/results/{number}/").json()


def test_the_published_result_shows_the_certificate_and_then_its_revocation(delivered, staff, client):
    certificate = Certificate.objects.get(case=delivered)
    relay(at(2026, 11, 6))
    shown = public(client, delivered.number)
    assert shown["applicant"] == "张*明"
    assert shown["certificate"] == {"number": certificate.number, "title": certificate.title,
                                    "valid_from": "2026-11-04", "valid_until": "2031-11-03", "revoked": False,
                                    "revoked_on": None}
    page = client.get(f"/public/results/{delivered.number}/").content.decode()
    assert certificate.number in page and "有效期 2026-11-04 至 2031-11-03" in page
    assert certificate.number in client.get("/public/results/").content.decode()

    revoke(certificate, staff["approver"], reason="张小明以欺骗手段取得行政许可，依法撤销")
    relay(at(2026, 11, 20, 11))
    shown = public(client, delivered.number)
    assert shown["certificate"]["revoked"] is True and shown["certificate"]["revoked_on"] == "2026-11-20"
    assert shown["publication_version"] == 2
    assert shown["correction_reason"] == "证书已撤销：张*明以欺骗手段取得行政许可，依法撤销"  # masked as published
    page = client.get(f"/public/results/{delivered.number}/").content.decode()
    assert "已撤销（2026-11-20）" in page and "张小明" not in page
    assert Publication.objects.get(subject=delivered.number, version=1).status == "superseded"


def test_a_revocation_before_the_result_is_published_refreshes_what_will_be(delivered, staff, client):
    revoke(Certificate.objects.get(case=delivered), staff["approver"])
    assert not OutboxEvent.objects.filter(kind="correction").exists()
    relay(at(2026, 11, 20, 11))
    shown = public(client, delivered.number)
    assert shown["certificate"]["revoked"] is True and shown["publication_version"] == 1


def test_a_revocation_while_the_case_is_open_shows_in_its_result_later(certified, staff, client):
    case = certified()
    revoke(Certificate.objects.get(case=case), staff["approver"], when=at(2026, 11, 5, 9))
    act(case, staff["clerk"], "deliver", "done", at(2026, 11, 5, 16), step_input=delivery_input())
    relay(at(2026, 11, 6))
    assert public(client, case.number)["certificate"]["revoked"] is True
