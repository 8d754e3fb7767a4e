"""The seeded 政策文件 column is a policy column: its documents need an interpretation (政策解读)."""

from django.db import migrations


def mark(apps, schema_editor):
    apps.get_model("directory", "Column").objects.filter(code="zcwj").update(requires_interpretation=True)


def unmark(apps, schema_editor):
    apps.get_model("directory", "Column").objects.filter(code="zcwj").update(requires_interpretation=False)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_interpretations")]

    operations = [migrations.RunPython(mark, unmark)]
