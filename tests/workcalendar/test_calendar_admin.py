"""The admin lists versions (with the coverage alarm) and their days, read-only."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

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
