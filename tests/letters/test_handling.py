"""Screening, drafting and sign-off rules; transfers keep the clock; complaints on the case's
timeline; false reports referred; the writer's rating and one reopening."""

from __future__ import annotations

from datetime import date

import pytest

from backend.common.errors import DomainError
from backend.letters.models import Letter, LetterTransfer, PoliceReferral
from backend.ratings.models import Rating
from backend.statistics.models import CaseFact
from backend.supervision.models import Clock
from backend.supervision.timeline import case_supervision_timeline
from tests import factories
from tests.letters.conftest import DRAFTED, SCREENED, SIGNED, at, refreshed, task_of
from workflows import letters as flow

pytestmark = pytest.mark.django_db


def codes(exc) -> set:
    return {(e.field, e.code) for e in exc.value.errors}


def test_accepting_needs_a_department_and_not_accepting_a_reason(write, people):
    letter = write()
    task = task_of(letter, "accept")
    with pytest.raises(DomainError) as exc:
        flow.letter_screen(task_id=task.pk, actor=people["clerk"], accept=True, now=SCREENED)
    assert codes(exc) == {("department", "required")}
    with pytest.raises(DomainError) as exc:
        flow.letter_screen(task_id=task.pk, actor=people["clerk"], accept=False, reason="whatever", now=SCREENED)
    assert codes(exc) == {("reason", "required")}


def test_only_the_mailbox_office_screens(write, people, housing):
    letter = write()
    with pytest.raises(DomainError) as exc:
        flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["drafter"], accept=True,
                           department_id=housing.pk, now=SCREENED)
    assert exc.value.status == 404


def test_the_reply_limit_table_is_editable(write, people, housing):
    from backend.letters.models import ReplyLimit

    ReplyLimit.objects.filter(letter_type="suggestion").update(days=7)
    letter = write(letter_type="suggestion")
    flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["clerk"], accept=True,
                       department_id=housing.pk, now=SCREENED)
    assert Clock.objects.get(case=letter.case, kind=Clock.Kind.PROMISED).budget_days == 7


def test_another_department_cannot_draft(carry, people):
    letter = carry("screen")
    with pytest.raises(DomainError) as exc:
        flow.letter_draft(task_id=task_of(letter, "handle").pk, actor=people["water_staff"], text="答复",
                          classification="general", outcome="answered", now=DRAFTED)
    assert exc.value.status == 404


def test_a_draft_must_match_the_classification(carry, people):
    letter = carry("screen")
    with pytest.raises(DomainError) as exc:
        flow.letter_draft(task_id=task_of(letter, "handle").pk, actor=people["drafter"], text="",
                          classification="wrong_view", outcome="adopted", now=DRAFTED)
    assert codes(exc) == {("reply", "required"), ("outcome", "invalid")}


def test_the_head_returns_a_draft_with_reasons_and_it_comes_back(carry, people):
    letter = carry("draft")
    with pytest.raises(DomainError) as exc:
        flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["head"], approve=False, now=SIGNED)
    assert codes(exc) == {("opinion", "required")}
    flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["head"], approve=False,
                     opinion="请补充办理时限", now=SIGNED)
    handle = task_of(letter, "handle")
    assert handle.data["department_id"] == letter.department_id
    assert refreshed(letter).releases.count() == 0


def test_transfer_keeps_the_clock_and_moves_the_work(carry, people, water):
    letter = carry("screen", letter_type="complaint")
    clock = Clock.objects.get(case=letter.case, kind=Clock.Kind.PROMISED)
    before = (clock.start_date, clock.budget_days, clock.projected_deadline)
    flow.letter_transfer(letter=letter, to_department_id=water.pk, reason="属水利局职责", actor=people["clerk"],
                         now=at(2026, 11, 3, 9))
    clock.refresh_from_db()
    assert (clock.start_date, clock.budget_days, clock.projected_deadline) == before
    assert clock.department_id == water.pk
    assert CaseFact.objects.get(pk=letter.case_id).department_id == water.pk
    handle = task_of(letter, "handle")
    assert handle.data["department_id"] == water.pk and handle.owner_id is None
    assert LetterTransfer.objects.filter(letter=letter, to_department=water).exists()
    assert letter.notices.filter(kind="transferred").exists()
    rows = case_supervision_timeline(letter.case)
    assert any(r["kind"] == "letter_transferred" and "属水利局职责" in r["detail"] for r in rows)
    flow.letter_draft(task_id=handle.pk, actor=people["water_staff"], text="答复", classification="general",
                      outcome="answered", now=DRAFTED)
    assert task_of(letter, "sign").data["department_id"] == water.pk


def test_only_the_office_transfers(carry, people, water):
    letter = carry("screen")
    with pytest.raises(DomainError) as exc:
        flow.letter_transfer(letter=letter, to_department_id=water.pk, reason="x", actor=people["head"],
                             now=SIGNED)
    assert exc.value.status == 403


def test_a_complaint_about_a_case_is_on_that_cases_timeline(write, people, housing, staff, dept):
    from workflows.services import case_file_and_start

    item = factories.item(dept)
    case = case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                               actor=staff["clerk"], now=at(2026, 10, 20))
    letter = write(letter_type="complaint", about_case_number=case.number)
    with pytest.raises(DomainError) as exc:
        flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["clerk"], accept=True,
                           department_id=housing.pk, about_case_number="TB00000000000000", now=SCREENED)
    assert codes(exc) == {("about_case", "not_found")}
    flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["clerk"], accept=True,
                       department_id=housing.pk, about_case_number=case.number, now=SCREENED)
    assert refreshed(letter).about_case == case
    rows = case_supervision_timeline(case)
    assert [r["kind"] for r in rows if r["kind"].startswith("letter")] == ["letter_complaint"]


def test_a_false_report_that_may_be_unlawful_is_referred_and_never_published(carry, people):
    letter = carry("draft", classification="false_report", outcome="referred", letter_type="report")
    with pytest.raises(DomainError) as exc:
        flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["head"], approve=True, now=SIGNED)
    assert codes(exc) == {("police_organ", "required"), ("referral_reason", "required")}
    flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["head"], approve=True,
                     police_organ="县公安局", referral_reason="涉嫌诬告陷害", now=SIGNED)
    letter = refreshed(letter)
    assert PoliceReferral.objects.get(letter=letter).organ == "县公安局"
    assert not letter.published


def test_rating_counts_for_the_department_and_a_low_one_allows_one_reopening(carry, people, housing):
    from backend.letters import services

    letter = carry()
    rating = services.letter_rate(case=letter.case, score=2, comment="未解决", now=at(2026, 11, 6))
    assert Rating.objects.get(pk=rating.pk).department_id == housing.pk
    follow = flow.letter_reopen(letter=letter, reason="问题没有解决", now=at(2026, 11, 6, 11))
    assert follow.follow_up_of == letter and follow.letter_type == letter.letter_type
    assert follow.mailbox == letter.mailbox and follow.case.number != letter.case.number
    with pytest.raises(DomainError) as exc:
        flow.letter_reopen(letter=letter, reason="再次", now=at(2026, 11, 6, 12))
    assert exc.value.errors[0].code == "reopened"
    # the follow-up gets a fresh clock from its own acceptance
    flow.letter_screen(task_id=task_of(follow, "accept").pk, actor=people["clerk"], accept=True,
                       department_id=housing.pk, now=at(2026, 11, 9, 9))
    clock = Clock.objects.get(case=follow.case, kind=Clock.Kind.PROMISED)
    assert clock.start_date == date(2026, 11, 9)


def test_a_satisfied_writer_cannot_reopen_and_a_follow_up_never(carry):
    from backend.letters import services

    letter = carry()
    services.letter_rate(case=letter.case, score=5, comment="", now=at(2026, 11, 6))
    with pytest.raises(DomainError) as exc:
        flow.letter_reopen(letter=letter, reason="x", now=at(2026, 11, 6, 11))
    assert exc.value.errors[0].code == "not_unsatisfied"


def test_a_follow_up_cannot_be_reopened(carry, people, housing):
    from backend.letters import services

    letter = carry()
    services.letter_rate(case=letter.case, score=1, comment="", now=at(2026, 11, 6))
    follow = flow.letter_reopen(letter=letter, reason="没解决", now=at(2026, 11, 6, 11))
    follow = Letter.objects.get(pk=follow.pk)
    with pytest.raises(DomainError) as exc:
        services.reopen_check(letter=follow, reason="x")
    assert exc.value.status == 409


def test_the_generic_task_completion_refuses_a_letters_step(write, people):
    from workflows import services as generic

    letter = write()
    task = task_of(letter, "accept")
    generic.task_claim(task_id=task.pk, actor=people["clerk"], now=SCREENED)
    with pytest.raises(DomainError) as exc:
        generic.task_complete(task_id=task.pk, actor=people["clerk"], decision="accept", now=SCREENED)
    assert exc.value.errors[0].code == "letter_step"


def test_a_low_rating_opens_a_rectification_for_the_answering_department(carry, housing):
    from backend.letters import services
    from backend.supervision.models import Order

    letter = carry()
    services.letter_rate(case=letter.case, score=1, comment="答非所问", now=at(2026, 11, 6))
    order = Order.objects.get(case=letter.case)
    assert order.department_id == housing.pk


def test_another_departments_head_cannot_sign(carry, people):
    letter = carry("draft")
    with pytest.raises(DomainError) as exc:
        flow.letter_sign(task_id=task_of(letter, "sign").pk, actor=people["water_head"], approve=True, now=SIGNED)
    assert exc.value.status == 404
    assert refreshed(letter).releases.count() == 0
