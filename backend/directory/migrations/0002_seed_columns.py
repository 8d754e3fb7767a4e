"""The catalogue's top-level columns (issue 16), without a unit: administrators assign units,
owners and update frequencies in the admin."""

from django.db import migrations

COLUMNS = [
    ("jgzn", "机构职能", "static"),
    ("zcwj", "政策文件", "dynamic"),
    ("zcjd", "政策解读", "dynamic"),
    ("ghjh", "规划计划", "dynamic"),
    ("czzj", "财政资金", "dynamic"),
    ("xzxk", "行政许可", "dynamic"),
    ("xzcf", "行政处罚", "dynamic"),
    ("zdly", "重点领域", "dynamic"),
    ("jyta", "建议提案办理", "dynamic"),
    ("ndbg", "年度报告", "dynamic"),
]


def seed(apps, schema_editor):
    Column = apps.get_model("directory", "Column")
    for position, (code, name, kind) in enumerate(COLUMNS, start=1):
        Column.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "position": position * 10})


def unseed(apps, schema_editor):
    Column = apps.get_model("directory", "Column")
    Column.objects.filter(code__in=[c[0] for c in COLUMNS], documents__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
