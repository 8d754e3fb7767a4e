from django.db import migrations


def mark(apps, schema_editor):
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    Mailbox = apps.get_model("letters", "Mailbox")
    ServiceItem.objects.filter(pk__in=Mailbox.objects.values("item_id")).update(category="letter")


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_reply_limits_and_stats_schedule"), ("catalog", "0007_item_category")]
    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
