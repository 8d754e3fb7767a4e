"""Seed the calendar with 2004–2026 from the chinesecalendar package, recorded as version 1."""

from django.db import migrations

from backend.workcalendar.seed import (
    SEED_FIRST_YEAR,
    SEED_LAST_YEAR,
    chinesecalendar_days,
    chinesecalendar_source,
)


def seed(apps, schema_editor):
    CalendarVersion = apps.get_model("workcalendar", "CalendarVersion")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    if CalendarVersion.objects.filter(number=1).exists():
        return
    version = CalendarVersion.objects.create(
        number=1,
        source=chinesecalendar_source(),
        note="国务院办公厅历年节假日安排通知（2004–2026），由 chinesecalendar 整理",
        years=list(range(SEED_FIRST_YEAR, SEED_LAST_YEAR + 1)),
    )
    CalendarDay.objects.bulk_create(
        CalendarDay(version=version, date=day, kind=kind, name=name)
        for day, kind, name in chinesecalendar_days(SEED_FIRST_YEAR, SEED_LAST_YEAR)
    )


def unseed(apps, schema_editor):
    apps.get_model("workcalendar", "CalendarVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
