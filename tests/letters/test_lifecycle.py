"""A letter from the portal to the signed reply: the case's number and clock, the department's
steps, the release record, the writer told, the publication."""

from __future__ import annotations

from datetime import date

import pytest

from backend.cases.models import Case
from backend.disclosure.models import OutboxEvent, Publication
from backend.disclosure.outbox import relay_due
from backend.letters import rules
from backend.letters.models import Letter, LetterNotice, LetterRelease
from backend.statistics.models import CaseFact
from backend.supervision.models import Clock
from tests.letters.conftest import SIGNED, task_of

pytestmark = pytest.mark.django_db


def test_a_written_letter_is_a_case_with_number_and_query_code(write):
    letter = write()
    case = letter.case
    assert case.number.startswith("TB") and len(case.query_code) == 8
    assert case.status == Case.Status.SUBMITTED and case.applicant_user is None
    assert task_of(letter, "accept").data["role"] == "clerk"
    assert letter.notices.filter(kind=LetterNotice.Kind.RECEIVED).exists()


def test_screening_assigns_the_department_and_opens_the_clock_of_the_type(carry, housing):
    letter = carry("screen", letter_type="complaint")
    assert letter.department == housing and letter.reply_limit_days == 15
    promised = Clock.objects.get(case=letter.case, kind=Clock.Kind.PROMISED)
    assert promised.budget_days == 15 and promised.department_id == housing.pk
    handle = task_of(letter, "handle")
    assert handle.data["department_id"] == housing.pk and handle.data["role"] == "reviewer"
    assert CaseFact.objects.get(pk=letter.case_id).department_id == housing.pk


def test_consultation_answers_in_five_working_days(carry):
    letter = carry("screen")
    clock = Clock.objects.get(case=letter.case, kind=Clock.Kind.PROMISED)
    assert clock.budget_days == 5 and clock.projected_deadline == date(2026, 11, 9)


def test_sign_off_keeps_the_release_record_and_tells_the_writer(carry, people):
    letter = carry()
    release = LetterRelease.objects.get(letter=letter)
    assert release.signed_by == people["head"] and release.opinion == "同意"
    assert release.sha256 == rules.text_digest(letter.reply_text) and release.text == letter.reply_text
    assert letter.case.status == Case.Status.COMPLETED and letter.replied_at == SIGNED
    assert letter.replied_on_time is True and letter.reply_working_days == 3
    assert letter.notices.filter(kind=LetterNotice.Kind.REPLY, text=letter.reply_text).exists()


def test_a_reply_the_writer_allowed_is_published_masked(carry):
    letter = carry(reply="王小红您好：经核实，联系人李建国（电话13800138000，身份证11010519491231002X）将上门。")
    assert letter.published
    relay_due(now=SIGNED)
    pub = Publication.objects.get(kind=Publication.Kind.LETTER, subject=letter.case.number)
    text = str(pub.payload)
    assert "王小红" not in text and "王*红" in text
    assert "13800138000" not in text and "138****8000" in text
    assert "11010519491231002X" not in text and "13912345678" not in text
    assert pub.payload["department"]["name"] == "县住房和城乡建设局"


def test_a_reply_not_allowed_is_never_published(carry):
    letter = carry(may_publish=False)
    assert not letter.published
    assert not OutboxEvent.objects.filter(kind=Publication.Kind.LETTER).exists()


def test_not_accepted_with_reason_ends_the_letter(write, people):
    from workflows import letters as flow

    letter = write()
    flow.letter_screen(task_id=task_of(letter, "accept").pk, actor=people["clerk"], accept=False,
                       reason="other_channel", opinion="已进入行政复议程序", now=SIGNED)
    letter.refresh_from_db()
    assert letter.case.status == Case.Status.REFUSED and letter.not_accepted_reason == "other_channel"
    assert letter.notices.filter(kind=LetterNotice.Kind.NOT_ACCEPTED).exists()
    assert Letter.objects.get(pk=letter.pk).department is None
    assert not open_tasks(letter)  # the process ended


def open_tasks(letter):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return list(Task.objects.filter(process_id=letter.case.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED]))


def test_a_signed_reply_ends_the_process(carry):
    assert not open_tasks(carry())
