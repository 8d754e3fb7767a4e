"""Today's warning behaviour as rows of the rules table (so `migrate` alone gives it), and the
every-minute beat schedule of the notification e-mail sweep."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "supervision: send notification e-mails"
DEFAULTS = [
    # name, trigger, value, severity — the same as rules.DEFAULT_RULES
    ("预警：已用承诺时限的80%", "used_percent", 80, "yellow"),
    ("预警：剩余不超过1个工作日", "days_left", 1, "yellow"),
    ("超时：已过承诺期限", "overdue_days", 0, "red"),
]


def forwards(apps, schema_editor):
    WarningRule = apps.get_model("supervision", "WarningRule")
    now = timezone.now()
    if not WarningRule.objects.exists():
        WarningRule.objects.bulk_create(
            WarningRule(name=name, trigger=trigger, value=value, severity=severity, enabled=True, created_at=now,
                        updated_at=now)
            for name, trigger, value, severity in DEFAULTS
        )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "backend.supervision.tasks.notifications_email_sweep_task", "interval": every_minute,
                  "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()
    WarningRule = apps.get_model("supervision", "WarningRule")
    for name, trigger, value, severity in DEFAULTS:
        WarningRule.objects.filter(name=name, trigger=trigger, value=value, severity=severity,
                                   item__isnull=True, department__isnull=True, step="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_rules_cards_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
