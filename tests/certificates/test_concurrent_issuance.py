"""Certificates issued at the same moment for different cases of one item never share a number: the
counter row (created by the first of them) is locked until each issuance commits."""

import time

import pytest
from django.db import connection

from backend.cases.models import Case
from backend.certificates import numbering, services
from backend.certificates.models import Certificate, CertificateCounter, CertificatePattern
from tests import factories
from tests.certificates.conftest import approved, at
from tests.workflows.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_issuance_draws_every_number_once(dept, staff, monkeypatch):
    render = numbering.render

    def slow_render(*args, **kwargs):  # each issuance holds its transaction open after drawing
        time.sleep(0.1)
        return render(*args, **kwargs)

    monkeypatch.setattr(numbering, "render", slow_render)
    item = factories.item(dept)
    CertificatePattern.objects.create(item=item, pattern="临字〔{year}〕第{seq:03d}号")
    when = at(2026, 11, 4)
    cases = [approved(item, staff, when).pk for _ in range(8)]

    def issue(case_id):
        def run():
            case = Case.objects.select_related("item__department").get(pk=case_id)
            return services.certificate_issue(case=case, actor=staff["clerk"], now=when, scope="热食类食品制售",
                                              valid_from="2026-11-04").number
        return run

    numbers = race([issue(pk) for pk in cases])  # no counter row yet: the first creates it, the others wait
    assert sorted(numbers) == [f"临字〔2026〕第{n:03d}号" for n in range(1, 9)]
    assert CertificateCounter.objects.get(series="临字〔{year}〕第{seq:03d}号", year=2026).last == 8
    assert Certificate.objects.count() == 8
