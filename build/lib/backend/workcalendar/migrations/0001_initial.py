import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(unique=True, verbose_name="版本号")),
                ("source", models.CharField(help_text="文件名、国务院办公厅通知文号或数据包版本", max_length=200, verbose_name="来源")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="导入时间")),
                ("note", models.TextField(blank=True, verbose_name="备注")),
                ("years", models.JSONField(default=list, help_text="此版本覆盖的年份列表", verbose_name="覆盖年份")),
                ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="导入人")),
            ],
            options={
                "verbose_name": "日历版本",
                "verbose_name_plural": "日历版本",
                "ordering": ["number"],
            },
        ),
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="日期")),
                ("kind", models.CharField(choices=[("holiday", "法定节假日"), ("workday", "调休上班"), ("closure", "本地停止办公")], max_length=16, verbose_name="类型")),
                ("name", models.CharField(blank=True, max_length=100, verbose_name="名称")),
                ("version", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="days", to="workcalendar.calendarversion", verbose_name="版本")),
            ],
            options={
                "verbose_name": "日历例外日",
                "verbose_name_plural": "日历例外日",
                "ordering": ["version__number", "date"],
                "indexes": [models.Index(fields=["date"], name="workcalendar_day_date_idx")],
                "constraints": [models.UniqueConstraint(fields=("version", "date"), name="workcalendar_day_once_per_version")],
            },
        ),
    ]
