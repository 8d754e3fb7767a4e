"""Staff are warned in time that a year ahead is provisional: a banner on their pages from 1 November
(or whenever a limit counted today reaches a provisional year), and one notification for each
administrator, not one per page view."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.test import Client

from backend.supervision.calendar_watch import calendar_watch
from backend.supervision.models import LogEntry, Notification
from backend.workcalendar.calendar import SHANGHAI, refresh_if_stale
from backend.workcalendar.outlook import calendar_outlook
from tests import factories
from tests.notices import import_2027

BANNER = "年的节假日安排尚未导入"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def pages_on(day: date, users: dict) -> dict:
    with time_machine.travel(datetime.combine(day, time(10), tzinfo=SHANGHAI), tick=False):
        return {who: signed_in(user).get(path).content.decode() for who, (user, path) in users.items()}


@pytest.fixture
def viewers(staff, admin_user):
    return {"supervisor": (staff["supervisor"], "/supervision/"), "clerk": (staff["clerk"], "/staff/tasks/"),
            "admin": (admin_user, "/admin/"), "applicant": (staff["applicant"], "/")}


def test_no_banner_in_october_when_no_limit_reaches_the_next_year(db, viewers):
    pages = pages_on(date(2026, 10, 30), viewers)
    assert not any(BANNER in page for page in pages.values())


def test_from_1_november_staff_supervision_and_admin_pages_say_2027_is_provisional(db, viewers):
    pages = pages_on(date(2026, 11, 1), viewers)
    for who in ("supervisor", "clerk", "admin"):
        assert "2027 年的节假日安排尚未导入" in pages[who], who
        assert "《全国年节及纪念日放假办法》" in pages[who]
    assert "/admin/workcalendar/calendarversion/import/" in pages["admin"]  # who can import is shown how
    assert "导入由系统管理员" in pages["supervisor"]
    assert BANNER not in pages["applicant"]  # applicants see the marks on their deadlines instead


def test_a_long_limit_brings_the_banner_earlier(db, dept):
    factories.item(dept, promised=60, statutory=100)  # 100 working days from 20 August end in 2027
    calendar = refresh_if_stale()
    assert calendar_outlook(date(2026, 8, 20), calendar).provisional_years == (2027,)
    assert calendar_outlook(date(2026, 8, 20), calendar, reach_days=20).provisional_years == ()


def test_the_banner_stays_while_the_year_itself_is_provisional_and_goes_with_the_import(db, viewers):
    assert "2027 年的节假日安排尚未导入" in pages_on(date(2027, 3, 1), viewers)["supervisor"]
    import_2027()
    assert BANNER not in pages_on(date(2027, 3, 1), viewers)["supervisor"]
    # Next autumn it is 2028's turn.
    assert "2028 年的节假日安排尚未导入" in pages_on(date(2027, 11, 2), viewers)["supervisor"]


def test_each_administrator_is_notified_once_not_per_run_or_page_view(db, admin_user, staff):
    second = factories.user("county-admin", "admin")
    second.email = "admin@county.example.cn"
    second.save(update_fields=["email"])
    now = datetime(2026, 11, 2, 8, 0, tzinfo=SHANGHAI)
    assert calendar_watch(now=now) == {"provisional_years": [2027], "notified": 2}
    assert calendar_watch(now=now.replace(hour=9)) == {"provisional_years": [2027], "notified": 0}
    notes = Notification.objects.filter(kind="calendar")
    assert sorted(n.recipient.username for n in notes) == ["admin", "county-admin"]
    assert all("2027 年节假日安排尚未导入" in n.title and "tongban calendar import" in n.body for n in notes)
    assert notes.get(recipient=second).email_status == "pending"  # e-mailed by the notification sweep
    assert not Notification.objects.filter(recipient__in=[staff["clerk"], staff["supervisor"]]).exists()
    assert LogEntry.objects.filter(kind="notification", payload__kind="calendar").count() == 2


def test_nobody_is_notified_before_november(db, admin_user):
    assert calendar_watch(now=datetime(2026, 10, 20, 8, 0, tzinfo=SHANGHAI))["notified"] == 0
    assert not Notification.objects.exists()
