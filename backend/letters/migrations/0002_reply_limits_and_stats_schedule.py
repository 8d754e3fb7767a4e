"""The default reply limits (working days per letter type) and the daily beat row of the job that
publishes each mailbox's monthly statistics."""

from django.db import migrations

TASK_NAME = "letters: publish monthly mailbox statistics"
DEFAULTS = {"consultation": 5, "help": 10, "suggestion": 10, "complaint": 15, "report": 15}


def forwards(apps, schema_editor):
    ReplyLimit = apps.get_model("letters", "ReplyLimit")
    for letter_type, days in DEFAULTS.items():
        ReplyLimit.objects.get_or_create(letter_type=letter_type, defaults={"days": days})
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                     month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "backend.letters.tasks.mailbox_stats_publish_task", "crontab": daily, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_letters"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
