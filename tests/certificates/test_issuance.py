"""制证: a certificate per approved case, numbered by its item's pattern in sequence, each year anew;
holder, scope and validity checked field by field; on the timeline and in the supervision log."""

from datetime import date

import pytest
from django.test import Client

from backend.cases.models import CaseEvent
from backend.certificates import services
from backend.certificates.models import Certificate, CertificatePattern
from backend.common.errors import Conflict, DomainError
from backend.supervision.models import LogEntry
from tests import factories
from tests.certificates.conftest import approved, at, issue
from tests.factories import COMPANY


@pytest.fixture
def item(dept):
    return factories.item(dept)


def test_numbers_follow_the_items_pattern_in_sequence_and_start_again_each_year(item, staff):
    CertificatePattern.objects.create(item=item, title="食品经营许可证", pattern="临市监食经字〔{year}〕第{seq:05d}号")
    numbers = []
    for when in (at(2026, 11, 4), at(2026, 11, 5), at(2026, 12, 30), at(2027, 1, 4), at(2027, 1, 5)):
        certificate = issue(approved(item, staff, when), staff, when)
        numbers.append(certificate.number)
        assert certificate.title == "食品经营许可证"
    assert numbers == [f"临市监食经字〔{year}〕第0000{n}号" for year, n in
                       [(2026, 1), (2026, 2), (2026, 3), (2027, 1), (2027, 2)]]


def test_each_item_has_its_own_sequence_and_an_item_without_a_pattern_the_default(item, dept, staff):
    other, third = factories.item(dept), factories.item(dept)
    CertificatePattern.objects.create(item=other, pattern="临卫公字〔{year}〕第{seq:04d}号")
    when = at(2026, 11, 4)
    first = issue(approved(item, staff, when), staff, when)
    elsewhere = issue(approved(other, staff, when), staff, when)
    default_too = issue(approved(third, staff, when), staff, when)
    second = issue(approved(item, staff, when, applicant=COMPANY), staff, when)
    assert (first.number, second.number) == (f"{item.code}-2026-00001", f"{item.code}-2026-00002")
    assert first.title == item.name
    assert default_too.number == f"{third.code}-2026-00001"  # the default names the item: a sequence each
    assert elsewhere.number == "临卫公字〔2026〕第0001号"


def test_items_sharing_a_pattern_share_its_sequence_and_never_a_number(item, dept, staff):
    other = factories.item(dept)
    for it in (item, other):
        CertificatePattern.objects.create(item=it, pattern="临建字{year}{seq:03d}")
    when = at(2026, 11, 4)
    numbers = [issue(approved(it, staff, when), staff, when).number for it in (item, other, item)]
    assert numbers == ["临建字2026001", "临建字2026002", "临建字2026003"]


def test_a_number_already_taken_is_skipped(item, staff):
    when = at(2026, 11, 4)
    CertificatePattern.objects.create(item=item, pattern="A{seq}")
    assert issue(approved(item, staff, when), staff, when).number == "A1"
    Certificate.objects.create(case=approved(item, staff, when), item=item, title="x", number="A2", holder="x",
                               scope="x", valid_from=when.date(), issued_at=when)  # under a rule since changed
    assert issue(approved(item, staff, when), staff, when).number == "A3"


def test_the_holder_is_the_applicant_unless_the_certificate_names_another(item, staff):
    when = at(2026, 11, 4)
    assert issue(approved(item, staff, when), staff, when).holder == "张小明"
    company = issue(approved(item, staff, when, applicant=COMPANY), staff, when,
                    holder="临河县清泉食品有限公司城关分店")
    assert company.holder == "临河县清泉食品有限公司城关分店"


def test_validity_is_checked_field_by_field(item, staff):
    when = at(2026, 11, 4)
    case = approved(item, staff, when)
    with pytest.raises(DomainError) as refused:
        services.certificate_issue(case=case, actor=staff["clerk"], now=when, scope="  ", valid_from="2026-11-03",
                                   valid_until="2026-11-01")
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("scope", "required"), ("valid_from", "before_decision"), ("valid_until", "before_start")]
    with pytest.raises(DomainError) as refused:
        services.certificate_issue(case=case, actor=staff["clerk"], now=when, scope="x", valid_from="明天",
                                   holder="名" * 201)
    assert [(e.field, e.code) for e in refused.value.errors] == [("holder", "max_length"), ("valid_from", "invalid")]
    assert not Certificate.objects.exists()
    certificate = services.certificate_issue(case=case, actor=staff["clerk"], now=when, scope="x",
                                             valid_from=date(2026, 11, 4), valid_until=date(2026, 11, 4))
    assert certificate.valid_until == certificate.valid_from  # a one-day permit is a permit


def test_only_an_approved_case_gets_a_certificate_and_only_one(item, staff):
    when = at(2026, 11, 4)
    with pytest.raises(Conflict) as denied:
        issue(approved(item, staff, when, approve=False), staff, when)
    assert denied.value.errors[0].code == "not_approved"
    case = approved(item, staff, when)
    issue(case, staff, when)
    with pytest.raises(Conflict) as twice:
        issue(case, staff, when)
    assert twice.value.errors[0].code == "already_issued"


def test_the_certificate_is_on_the_timeline_and_in_the_log(item, staff):
    when = at(2026, 11, 4, 15)
    case = approved(item, staff, at(2026, 11, 4))
    certificate = issue(case, staff, when, valid_until="2031-11-03")
    event = CaseEvent.objects.get(case=case, step="certify")
    assert event.kind == "step_done" and event.data["certificate_number"] == certificate.number
    entry = LogEntry.objects.get(kind="certificate_issued")
    assert entry.payload["certificate_number"] == certificate.number and entry.payload["case"] == case.number
    page = Client()
    page.force_login(staff["reviewer"])
    html = page.get(f"/cases/{case.number}/").content.decode()
    assert f"制证：证书编号 {certificate.number}" in html
    assert "2026-11-04 至 2031-11-03" in html and "餐饮服务（热食类食品制售）" in html


def test_administrators_set_an_items_pattern_in_the_admin_in_words(item, staff):
    root = factories.user("root", "admin")
    root.is_staff = root.is_superuser = True
    root.save()
    client = Client()
    client.force_login(root)
    url = "/admin/certificates/certificatepattern/add/"
    refused = client.post(url, {"item": item.pk, "title": "许可证", "pattern": "临字{year}"})
    assert refused.status_code == 200 and "必须包含顺序号 {seq}" in refused.content.decode()
    saved = client.post(url, {"item": item.pk, "title": "许可证", "pattern": "临字〔{year}〕{seq:04d}号"})
    assert saved.status_code == 302
    when = at(2026, 11, 4)
    assert issue(approved(item, staff, when), staff, when).number == "临字〔2026〕0001号"
