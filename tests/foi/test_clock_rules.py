"""Art. 33 extension, art. 30 补正 (once, within 7 working days; the term restarts on the answer; no
answer → withdrawn by the sweep), arts. 32–33 consultations not counted."""

import pytest
from viewflow.workflow.models import Task

from backend.common.errors import DomainError
from backend.foi import services
from backend.supervision.models import ClockEntry, Notification
from workflows import foi as flow

from .conftest import at, clock_of, file_in_person


@pytest.fixture
def request_(organ, office):
    return file_in_person(organ, office, at(2026, 3, 2, 9))  # due 2026-03-30


def test_office_head_extends_once_by_at_most_20_days_and_the_applicant_is_told(request_, office):
    services.request_extend(request=request_, days=20, reason="需要调取档案", actor=office["head"],
                            now=at(2026, 3, 20, 9))
    clock = clock_of(request_)
    assert clock.projected_deadline.isoformat() == "2026-04-28"  # +20 working days (清明 6 April off)
    entry = ClockEntry.objects.get(clock=clock, kind="extension")
    assert entry.approved_by == office["head"] and entry.days == 20
    told = Notification.objects.get(case=request_.case, kind="extended")
    assert "2026-04-28" in told.body
    with pytest.raises(DomainError) as again:
        services.request_extend(request=request_, days=1, reason="再延", actor=office["head"], now=at(2026, 3, 23))
    assert again.value.status == 409


def test_extension_needs_the_office_head_and_at_most_20_days(request_, office):
    with pytest.raises(DomainError) as other:
        services.request_extend(request=request_, days=5, reason="理由", actor=office["other"], now=at(2026, 3, 20))
    assert other.value.status == 403
    with pytest.raises(DomainError) as long:
        services.request_extend(request=request_, days=21, reason="理由", actor=office["head"], now=at(2026, 3, 20))
    assert long.value.errors[0].field == "days"
    assert not ClockEntry.objects.filter(clock__case=request_.case, kind="extension").exists()


def test_supplement_only_once_and_only_within_7_working_days(organ, office, request_):
    late = file_in_person(organ, office, at(2026, 3, 2, 9))
    with pytest.raises(DomainError) as exc:
        services.supplement_request(request=late, text="请说明文件名称", actor=office["officer"],
                                    now=at(2026, 3, 12, 9))  # 8 working days after receipt
    assert exc.value.errors[0].code == "too_late"
    services.supplement_request(request=request_, text="请说明文件名称", actor=office["officer"],
                                now=at(2026, 3, 11, 9))  # the 7th working day
    with pytest.raises(DomainError) as twice:
        services.supplement_request(request=request_, text="再补", actor=office["officer"], now=at(2026, 3, 11, 10))
    assert twice.value.status == 409
    assert Notification.objects.filter(case=request_.case, kind="supplement").exists()


def test_answer_restarts_the_term_from_the_day_it_arrives(request_, office):
    services.supplement_request(request=request_, text="请说明文件名称", days=10, actor=office["officer"],
                                now=at(2026, 3, 4, 9))
    assert clock_of(request_).state == "suspended"
    services.supplement_answer(request=request_, answer="《2025年行政处罚统计表》", actor=None, now=at(2026, 3, 10, 15))
    clock = clock_of(request_)
    assert clock.start_date.isoformat() == "2026-03-10" and clock.state != "suspended"
    # 20 working days after 10 March; the days waiting for the answer add nothing.
    assert clock.projected_deadline.isoformat() == "2026-04-08"


def test_no_answer_in_the_period_is_withdrawn_by_the_sweep_twice_safe(request_, office):
    services.supplement_request(request=request_, text="请说明文件名称", days=5, actor=office["officer"],
                                now=at(2026, 3, 4, 9))  # due 2026-03-11
    assert flow.foi_sweep(now=at(2026, 3, 11, 23))["withdrawn"] == 0  # the last day is still the applicant's
    assert flow.foi_sweep(now=at(2026, 3, 12, 1))["withdrawn"] == 1
    assert flow.foi_sweep(now=at(2026, 3, 12, 2))["withdrawn"] == 0
    request_.refresh_from_db()
    assert (request_.reply_type, request_.reply_ground) == ("withdrawn", "no_supplement")
    assert request_.closed_at is not None and request_.case.status == "refused" and request_.reply_pdf
    assert not Task.objects.filter(process_id=request_.case.process_id, status__in=["NEW", "ASSIGNED"]).exists()
    assert request_.case.process.status == "CANCELED"
    assert clock_of(request_).state == "completed"
    with pytest.raises(DomainError):
        services.supplement_answer(request=request_, answer="晚了", actor=None, now=at(2026, 3, 12, 9))


def test_consultations_are_not_counted(request_, office):
    third = services.consultation_open(request=request_, kind="third_party", party="某公司", actor=office["officer"],
                                       now=at(2026, 3, 4, 9))
    assert third.due_on.isoformat() == "2026-03-25"  # 15 working days
    organ_c = services.consultation_open(request=request_, kind="organ", party="县财政局", actor=office["officer"],
                                         now=at(2026, 3, 5, 9))
    services.consultation_close(consultation=organ_c, opinion="同意公开", actor=office["officer"],
                                now=at(2026, 3, 9, 9))
    assert clock_of(request_).state == "suspended"  # the third party has not answered yet
    services.consultation_close(consultation=third, opinion="不同意公开", actor=office["officer"],
                                now=at(2026, 3, 11, 9))
    clock = clock_of(request_)
    # suspended 4 → 11 March: 5 working days not counted; 30 March + 5.
    assert clock.state != "suspended" and clock.projected_deadline.isoformat() == "2026-04-07"
    entry = ClockEntry.objects.get(clock=clock, kind="suspension")
    assert entry.procedure == "third_party" and "第三十二条" in entry.legal_basis


def test_a_silent_third_party_lapses_by_the_sweep(request_, office):
    third = services.consultation_open(request=request_, kind="third_party", party="某公司", actor=office["officer"],
                                       now=at(2026, 3, 4, 9))
    assert flow.foi_sweep(now=at(2026, 3, 26, 1))["lapsed_consultations"] == 1
    assert flow.foi_sweep(now=at(2026, 3, 26, 2))["lapsed_consultations"] == 0
    third.refresh_from_db()
    assert third.lapsed and clock_of(request_).state != "suspended"
