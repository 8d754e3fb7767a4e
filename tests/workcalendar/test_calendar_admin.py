"""The admin lists versions, what each year rests on and their days, read-only; new versions come
from the import page, which shows the re-projection report."""

from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from backend.workcalendar.calendar import SHANGHAI
from backend.workcalendar.models import CalendarDay, CalendarVersion


@pytest.fixture
def admin_client(db, client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def test_version_pages_render(admin_client):
    version = CalendarVersion.objects.get(number=1)
    listing = admin_client.get("/admin/workcalendar/calendarversion/")
    assert listing.status_code == 200 and "chinesecalendar" in listing.content.decode()
    detail = admin_client.get(f"/admin/workcalendar/calendarversion/{version.pk}/change/")
    assert detail.status_code == 200 and "2025-10-11" in detail.content.decode()


def test_days_are_listed_but_not_editable(admin_client):
    day = CalendarDay.objects.get(date=date(2026, 10, 10))
    assert admin_client.get("/admin/workcalendar/calendarday/?kind=workday").status_code == 200
    response = admin_client.post(f"/admin/workcalendar/calendarday/{day.pk}/change/", {"kind": "holiday"})
    assert response.status_code == 403
    day.refresh_from_db()
    assert day.kind == "workday"


def test_the_list_shows_which_years_are_official_and_which_provisional(admin_client):
    page = admin_client.get("/admin/workcalendar/calendarversion/").content.decode()
    assert "2004–2026" in page and "正式（版本 #1）" in page
    assert "2027–2099" in page and "暂定（按法定节假日，不含调休）" in page
    assert 'href="/admin/workcalendar/calendarversion/import/"' in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_importing_the_notice_from_the_admin_shows_the_re_projection_report(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.notices import NOTICE_2027

    with time_machine.travel(datetime(2026, 12, 7, 10, tzinfo=SHANGHAI), tick=False):
        form = admin_client.get("/admin/workcalendar/calendarversion/import/").content.decode()
        assert "2027 年草稿 CSV" in form and 'href="/admin/workcalendar/calendarversion/draft/2027.csv"' in form
        upload = SimpleUploadedFile("2027.csv", NOTICE_2027.encode(), content_type="text/csv")
        page = admin_client.post("/admin/workcalendar/calendarversion/import/",
                                 {"file": upload, "source": "国办发明电〔2026〕9号", "note": "2027 年"})
    text = page.content.decode()
    assert page.status_code == 200 and "重新推算结果" in text and "re-projected 0 clock(s)" in text
    version = CalendarVersion.objects.get(number=2)
    assert version.years == [2027] and version.author.username == "root" and version.note == "2027 年"


def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_imported(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2027.csv", b"2027-01-01,holiday\n2027-13-01,holiday\n")
    page = admin_client.post("/admin/workcalendar/calendarversion/import/", {"file": upload, "source": "x"})
    text = page.content.decode()
    assert page.status_code == 200 and "文件未导入" in text and "第 2 行" in text
    assert CalendarVersion.objects.count() == 1


def test_the_draft_is_a_csv_of_the_statutory_days(admin_client):
    response = admin_client.get("/admin/workcalendar/calendarversion/draft/2027.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "calendar-2027-draft.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "2027-02-09,holiday,春节（补假）" in text
    assert admin_client.get("/admin/workcalendar/calendarversion/draft/2101.csv").status_code == 404


def test_staff_without_the_permission_cannot_import(db, client):
    user = get_user_model().objects.create_user("desk", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/workcalendar/calendarversion/import/").status_code == 403
    assert client.get("/admin/workcalendar/calendarversion/draft/2027.csv").status_code == 403


def test_a_spreadsheet_instead_of_a_csv_is_refused_not_a_server_error(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2027.xlsx", b"PK\x03\x04\xff\xfe\x80\x81\x82")
    page = admin_client.post("/admin/workcalendar/calendarversion/import/", {"file": upload, "source": "x"})
    assert page.status_code == 200 and "UTF-8 或 GB18030" in page.content.decode()
    assert CalendarVersion.objects.count() == 1


def test_versions_cannot_be_deleted_in_the_admin(admin_client):
    version = CalendarVersion.objects.get(number=1)
    assert admin_client.get(f"/admin/workcalendar/calendarversion/{version.pk}/delete/").status_code == 403
