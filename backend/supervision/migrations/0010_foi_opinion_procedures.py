"""Suspension rules for the opinions an information request may need (政府信息公开条例 art. 32:
a third party, 15 working days; art. 33 para. 3: other organs): their time is not counted."""

from django.db import migrations
from django.utils import timezone

STAFF = ["clerk", "reviewer", "approver"]
ROWS = {"third_party": (STAFF, None), "organ_opinion": (STAFF, 20)}  # as suspension_rules.DEFAULTS


def forwards(apps, schema_editor):
    SuspensionRule = apps.get_model("supervision", "SuspensionRule")
    now = timezone.now()
    for procedure, (roles, max_days) in ROWS.items():
        SuspensionRule.objects.get_or_create(procedure=procedure,
                                             defaults={"roles": roles, "max_days": max_days, "updated_at": now})


def backwards(apps, schema_editor):
    apps.get_model("supervision", "SuspensionRule").objects.filter(procedure__in=list(ROWS)).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_default_suspension_rules_and_verify_schedule")]

    operations = [migrations.RunPython(forwards, backwards)]
