"""What the public sees: published replies masked (list, detail, JSON, Atom), never an unpublished
one; the monthly statistics published once per mailbox and month; the portal's writing and
tracking pages."""

from __future__ import annotations

import pytest

from backend.disclosure.models import Publication
from backend.disclosure.outbox import relay_due
from backend.letters.models import Letter, MailboxStatsRun
from backend.letters.publishing import mailbox_stats_publish
from tests.letters.conftest import LETTER, SIGNED, at, pinned

pytestmark = pytest.mark.django_db

REPLY = ("王小红您好：您反映的问题已转社区，联系人张建国，电话13800138000，"
         "身份证号11010519491231002X。")


@pytest.fixture
def published(carry):
    letter = carry(reply=REPLY)
    relay_due(now=SIGNED)
    return letter


def test_the_public_pages_show_the_masked_reply(client, published):
    number = published.case.number
    listing = client.get("/public/letters/").content.decode()
    assert number in listing and "王*红" in listing and "王小红" not in listing
    detail = client.get(f"/public/letters/{number}/").content.decode()
    for secret in ("王小红", "13800138000", "13912345678", "11010519491231002X", "张建国"):
        assert secret not in detail, secret
    assert "138****8000" in detail and "110105********002X" in detail and "县住房和城乡建设局" in detail


def test_json_and_feed_carry_the_same_masked_text(client, published):
    data = client.get("/public/letters/data.json").json()["letters"]
    assert [d["subject"] for d in data] == [published.case.number]
    assert "王小红" not in str(data) and data[0]["writer"] == "王*红"
    feed = client.get("/public/letters/feed.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "13800138000" not in feed.content.decode() and published.case.number in feed.content.decode()


def test_an_unpublished_reply_is_never_public(client, carry):
    letter = carry(may_publish=False)
    relay_due(now=SIGNED)
    assert client.get(f"/public/letters/{letter.case.number}/").status_code == 404
    assert letter.case.number not in client.get("/public/letters/").content.decode()
    assert client.get("/public/letters/data.json").json()["letters"] == []


def test_monthly_statistics_are_published_once(client, carry, mailbox):
    carry()
    now = at(2026, 12, 1, 2, 30)
    assert mailbox_stats_publish(now=now) == 1
    assert mailbox_stats_publish(now=now) == 0
    run = MailboxStatsRun.objects.get(mailbox=mailbox)
    assert f"{run.month:%Y-%m}" == "2026-11" and run.figures["totals"]["replied"] == 1
    relay_due(now=now)
    pub = Publication.objects.get(kind=Publication.Kind.MAILBOX_STATS)
    assert pub.subject == "xzxx-2026-11"
    page = client.get(f"/public/letters/stats/{pub.subject}/").content.decode()
    assert "县住房和城乡建设局" in page and "100%" in page


def test_the_beat_schedule_runs_the_job():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="backend.letters.tasks.mailbox_stats_publish_task")
    assert task.enabled and task.crontab is not None


def test_writing_on_the_portal_keeps_what_was_typed_on_errors(client, mailbox):
    page = client.get("/public/letters/write/")
    assert page.status_code == 200 and 'name="writer_name"' in page.content.decode()
    with pinned(at(2026, 11, 2, 9)):
        bad = client.post("/public/letters/write/", {"mailbox": mailbox.code, "letter_type": "help",
                                                     "subject": "路灯不亮", "body": "", "writer_name": "李四",
                                                     "mobile": "138"})
    html = bad.content.decode()
    assert bad.status_code == 400 and "请填写来信内容。" in html and "手机号码应为 11 位数字。" in html
    assert 'value="路灯不亮"' in html and 'aria-invalid="true"' in html
    with pinned(at(2026, 11, 2, 9)):
        ok = client.post("/public/letters/write/", {**LETTER, "mailbox": mailbox.code, "may_publish": "on"})
    assert ok.status_code == 201
    letter = Letter.objects.get()
    assert letter.case.number in ok.content.decode() and letter.case.query_code in ok.content.decode()


def test_the_tracking_page_shows_the_reply_and_takes_the_rating(client, carry):
    letter = carry()
    url = f"/public/letters/track/?number={letter.case.number}&query_code={letter.case.query_code}"
    page = client.get(url).content.decode()
    assert letter.reply_text in page and 'name="score"' in page
    wrong = client.get(f"/public/letters/track/?number={letter.case.number}&query_code=AAAAAAAA")
    assert wrong.status_code == 404 and letter.reply_text not in wrong.content.decode()
    rated = client.post("/public/letters/track/", {"number": letter.case.number,
                                                   "query_code": letter.case.query_code, "score": "2"})
    assert rated.status_code == 200 and "申请重办" in rated.content.decode()


def test_reopening_on_the_tracking_page_gives_the_follow_up_number(client, carry):
    from backend.letters import services

    letter = carry()
    services.letter_rate(case=letter.case, score=2, comment="", now=SIGNED)
    lookup = {"number": letter.case.number, "query_code": letter.case.query_code}
    empty = client.post("/public/letters/reopen/", {**lookup, "reason": ""})
    assert empty.status_code == 400 and "请说明不满意的理由。" in empty.content.decode()
    done = client.post("/public/letters/reopen/", {**lookup, "reason": "答复没有解决问题"})
    follow = Letter.objects.get(follow_up_of=letter)
    assert done.status_code == 201 and follow.case.number in done.content.decode()
    assert follow.case.query_code in done.content.decode()
    again = client.post("/public/letters/reopen/", {**lookup, "reason": "再次"})
    assert again.status_code == 409


def test_the_question_is_masked_too(carry):
    letter = carry(body="我是王小红，身份证11010519491231002X，手机13912345678，邻居李四也反映过。")
    relay_due(now=SIGNED)
    question = Publication.objects.get(kind=Publication.Kind.LETTER, subject=letter.case.number).payload["question"]
    assert "王小红" not in question and "11010519491231002X" not in question and "13912345678" not in question
    assert "139****5678" in question
