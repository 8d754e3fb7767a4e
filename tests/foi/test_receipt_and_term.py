"""Art. 31 receipt dates per channel and the 20-working-day term of art. 33 (counted from the day
after receipt, across holidays)."""

import pytest

from backend.common.errors import DomainError
from backend.foi.models import InfoRequest
from tests import factories
from workflows import foi as flow

from .conftest import REQUEST, at, clock_of, file_in_person, file_online


def test_in_person_request_is_received_the_day_submitted_and_due_20_working_days_later(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    assert request.received_on.isoformat() == "2026-03-02"
    assert "第三十一条第一项" in request.received_basis
    assert request.case.status == "in_progress"
    clock = clock_of(request)
    assert clock.start_date.isoformat() == "2026-03-02" and clock.budget_days == 20
    assert clock.projected_deadline.isoformat() == "2026-03-30"  # 20 working days after Monday 2 March
    assert clock.department_id == organ.pk


def test_term_across_spring_festival_skips_the_holiday_and_counts_the_make_up_saturday(organ, office):
    # Received Monday 2026-02-09; 春节 15–23 February off, Saturdays 14 and 28 February are working days.
    request = file_in_person(organ, office, at(2026, 2, 9, 9))
    # 10–14 February (5), 24–28 February (5), 2–13 March (10).
    assert clock_of(request).projected_deadline.isoformat() == "2026-03-13"


def test_posted_request_is_received_the_day_signed_for(organ, office):
    request = flow.foi_file(organ_id=organ.pk, channel="post", applicant=factories.COMPANY,
                            data={**REQUEST, "organisation_kind": "commercial", "post_kind": "signed",
                                  "signed_on": "2026-09-28"}, actor=office["clerk"], now=at(2026, 9, 30, 9))
    assert request.received_on.isoformat() == "2026-09-28" and "签收之日" in request.received_basis
    assert request.organisation_kind == "commercial" and request.case.applicant_type == "company"
    # 20 working days after Monday 28 September, across National Day (1–7 October off, Saturday 10 October
    # worked): 29–30 September (2), 8–10 October (3), 12–30 October (15).
    assert clock_of(request).projected_deadline.isoformat() == "2026-10-30"


def test_ordinary_letter_is_received_the_day_confirmed_with_the_applicant(organ, office):
    request = flow.foi_file(organ_id=organ.pk, channel="post", applicant=factories.PERSON,
                            data={**REQUEST, "post_kind": "ordinary", "signed_on": "2026-03-04"},
                            actor=office["clerk"], now=at(2026, 3, 5, 9))
    assert request.received_on.isoformat() == "2026-03-04" and "确认之日" in request.received_basis


def test_online_request_is_received_the_day_the_organ_confirms(organ, office):
    request = file_online(organ, office, at(2026, 3, 6, 22))  # Friday night
    assert request.case.status == "submitted" and request.received_confirmed_at is None
    flow.foi_confirm(request=request, actor=office["clerk"], now=at(2026, 3, 9, 9))
    request.refresh_from_db()
    assert request.received_on.isoformat() == "2026-03-09" and "第三十一条第三项" in request.received_basis
    assert clock_of(request).start_date.isoformat() == "2026-03-09"


def test_bad_input_names_each_field(organ, office):
    with pytest.raises(DomainError) as exc:
        flow.foi_file(organ_id=organ.pk, channel="post", applicant={"type": "company", "name": ""},
                      data={"description": "", "form": "scroll", "delivery_way": "post", "signed_on": "2026-13-01"},
                      actor=office["clerk"], now=at(2026, 3, 5, 9))
    fields = {e.field for e in exc.value.errors}
    assert {"description", "form", "address", "post_kind", "signed_on", "applicant.name",
            "organisation_kind"} <= fields
    assert InfoRequest.objects.count() == 0


def test_future_signed_for_date_is_refused(organ, office):
    with pytest.raises(DomainError) as exc:
        flow.foi_file(organ_id=organ.pk, channel="post", applicant=factories.PERSON,
                      data={**REQUEST, "post_kind": "signed", "signed_on": "2026-03-09"}, actor=office["clerk"],
                      now=at(2026, 3, 5, 9))
    assert [e.code for e in exc.value.errors] == ["future"]


def test_only_the_organs_staff_register_post_and_in_person_requests(organ, office):
    stranger = factories.user("stranger", "clerk", departments=[factories.department()])
    with pytest.raises(DomainError) as exc:
        flow.foi_file(organ_id=organ.pk, channel="in_person", applicant=factories.PERSON, data=REQUEST,
                      actor=stranger, now=at(2026, 3, 5, 9))
    assert exc.value.status == 403


def test_the_generic_accept_step_may_not_refuse_or_ask_for_a_permit_supplement(organ, office):
    from workflows import services

    request = file_online(organ, office, at(2026, 3, 6, 22))
    task = flow._open_task(request, "accept")
    services.task_claim(task_id=task.pk, actor=office["clerk"], now=at(2026, 3, 9, 9))
    for decision, extra in (("refuse", {"opinion": "不受理"}), ("supplement", {"missing_materials": ["身份证"]})):
        with pytest.raises(DomainError) as exc:
            services.task_complete(task_id=task.pk, actor=office["clerk"], decision=decision,
                                   now=at(2026, 3, 9, 9), **extra)
        assert exc.value.errors[0].code == "foi_only"
    request.case.refresh_from_db()
    assert request.case.status == "submitted"
