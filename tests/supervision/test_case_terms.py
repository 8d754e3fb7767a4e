"""Clock terms another app sets for its own cases, a term that runs afresh, and a case's clocks
moving to another department with the same term (the ground letters and information requests use)."""

from datetime import date

import pytest

from backend.common.errors import DomainError
from backend.statistics.models import CaseFact, RollupDirtyDay
from backend.statistics.services import fact_department_set
from backend.supervision import services, terms
from backend.supervision.models import Clock, LogEntry
from backend.supervision.selectors import case_clock_summary
from tests import factories

from .conftest import act, at, file_case


@pytest.fixture
def own_terms(item):
    """Cases of `item` take 5 working days from 2026-09-29 (a receipt date before acceptance),
    counted for the department registered in `chosen`."""
    chosen = {}

    def terms_of(case):
        if case.item_id != item.pk:
            return None
        return terms.CaseTerms(promised_days=5, statutory_days=5, start=date(2026, 9, 29),
                               department_id=chosen.get("department"))

    terms.register_case_terms(terms_of)
    yield chosen
    terms._sources.remove(terms_of)


def test_a_registered_term_replaces_the_guide_limits_and_runs_from_its_own_start(own_terms, item, staff):
    other = factories.department("housing", "住房和城乡建设局")
    own_terms["department"] = other.pk
    case = file_case(item, staff, at(2026, 9, 28, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 10, 9, 10))
    summary = case_clock_summary(case, date(2026, 10, 9))
    # 5 working days after 09-29: 09-30, (国庆 10-01…10-07 off) 10-08, 10-09, 10-10 (调休 Saturday), 10-12.
    assert summary["promised_deadline"] == date(2026, 10, 12)
    assert summary["statutory_deadline"] == date(2026, 10, 12)
    assert set(Clock.objects.filter(case=case, kind__in=["promised", "statutory"])
               .values_list("department_id", flat=True)) == {other.pk}


def test_cases_of_other_items_keep_their_guide_limits(own_terms, dept, staff):
    plain = factories.item(dept, code="PLAIN-1", promised=10, statutory=20)
    case = file_case(plain, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    assert case_clock_summary(case, date(2026, 9, 28))["promised_deadline"] == date(2026, 10, 16)


def test_a_restarted_term_counts_afresh_from_the_new_start_and_is_logged(accepted_case, staff):
    services.case_clocks_restart(case=accepted_case, start=date(2026, 10, 19), reason="申请人补正后重新计算",
                                 actor=staff["reviewer"], now=at(2026, 10, 19, 15))
    summary = case_clock_summary(accepted_case, date(2026, 10, 19))
    assert summary["promised_deadline"] == date(2026, 11, 2)  # 10 working days after 10-19
    assert summary["promised_deadline_told"] == date(2026, 11, 2)
    entry = LogEntry.objects.filter(kind="clock_restarted").get()
    assert entry.payload["from"] == "2026-09-28" and entry.payload["to"] == "2026-10-19"


def test_a_restart_needs_a_reason_and_an_open_term(accepted_case, staff):
    with pytest.raises(DomainError) as err:
        services.case_clocks_restart(case=accepted_case, start=date(2026, 10, 19), reason=" ",
                                     actor=staff["reviewer"], now=at(2026, 10, 19))
    assert err.value.errors[0].field == "reason"
    services.clocks_close(clocks=Clock.objects.filter(case=accepted_case), now=at(2026, 10, 20), reason="completed")
    with pytest.raises(DomainError) as err:
        services.case_clocks_restart(case=accepted_case, start=date(2026, 10, 21), reason="补正",
                                     actor=staff["reviewer"], now=at(2026, 10, 21))
    assert err.value.status == 409


def test_moving_the_clocks_to_another_department_keeps_the_term(accepted_case, staff):
    before = case_clock_summary(accepted_case, date(2026, 10, 12))["promised_deadline"]
    other = factories.department("housing", "住房和城乡建设局")
    moved = services.case_clocks_department_set(case=accepted_case, department_id=other.pk, reason="转办",
                                                actor=staff["clerk"], now=at(2026, 10, 12))
    assert moved == 2
    assert case_clock_summary(accepted_case, date(2026, 10, 12))["promised_deadline"] == before
    assert LogEntry.objects.filter(kind="clock_department_changed").count() == 1
    # Moving them to where they already are changes and logs nothing.
    assert services.case_clocks_department_set(case=accepted_case, department_id=other.pk, reason="转办",
                                               actor=staff["clerk"], now=at(2026, 10, 13)) == 0
    assert LogEntry.objects.filter(kind="clock_department_changed").count() == 1


def test_the_statistics_count_a_moved_case_for_its_new_department(accepted_case, dept):
    other = factories.department("housing", "住房和城乡建设局")
    fact = CaseFact.objects.get(pk=accepted_case.pk)
    assert fact.department_id == dept.pk
    RollupDirtyDay.objects.all().delete()
    fact_department_set(case_id=accepted_case.pk, department_id=other.pk, now=at(2026, 10, 12))
    assert CaseFact.objects.get(pk=accepted_case.pk).department_id == other.pk
    assert set(RollupDirtyDay.objects.values_list("day", flat=True)) == {fact.received_date, fact.intake_date}
