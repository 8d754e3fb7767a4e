from django.db import migrations

ITEM_PREFIX = "ZFXXGK-"  # backend.foi.organs.ITEM_PREFIX when this migration was written


def mark(apps, schema_editor):
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    ServiceItem.objects.filter(code__startswith=ITEM_PREFIX).update(category="information_request")


class Migration(migrations.Migration):
    dependencies = [("foi", "0004_reply_templates_and_sweep"), ("catalog", "0007_item_category")]
    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
