"""The suspension rules table's defaults (suspension_rules.DEFAULTS, one row per procedure) and the
daily beat row that verifies the hash-chained log."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "supervision: verify the log"
STAFF = ["clerk", "reviewer", "approver"]
SPECIALISTS = ["reviewer", "approver"]
DEFAULTS = {  # the same as suspension_rules.DEFAULTS
    "supplement": (STAFF, None), "hearing": (SPECIALISTS, 20), "inspection": (SPECIALISTS, 10),
    "testing": (SPECIALISTS, 30), "appraisal": (SPECIALISTS, 30), "expert_review": (SPECIALISTS, 20),
    "public_notice": (SPECIALISTS, 10), "other": (SPECIALISTS, 5),
}


def forwards(apps, schema_editor):
    SuspensionRule = apps.get_model("supervision", "SuspensionRule")
    now = timezone.now()
    for procedure, (roles, max_days) in DEFAULTS.items():
        SuspensionRule.objects.get_or_create(procedure=procedure,
                                             defaults={"roles": roles, "max_days": max_days, "updated_at": now})
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "backend.supervision.tasks.log_verify_task", "crontab": nightly, "interval": None,
                  "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("supervision", "SuspensionRule").objects.filter(procedure__in=list(DEFAULTS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0008_integrity_rules_and_log_verification"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
