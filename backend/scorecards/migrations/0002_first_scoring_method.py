"""The first published scoring method (量化考评办法 第 1 版); docs/scorecards.md describes it."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

WEIGHTS = {
    "on_time_rate": {"weight": 35, "best": 1, "worst": 0},
    "early_rate": {"weight": 10, "best": 1, "worst": 0},
    "overdue_per_100": {"weight": 20, "best": 0, "worst": 10},
    "red_cards_per_100": {"weight": 15, "best": 0, "worst": 10},
    "mean_rating": {"weight": 15, "best": 5, "worst": 1},
    "send_backs_per_100": {"weight": 5, "best": 0, "worst": 30},
}
CIRCULAR = {"commend_top": 3, "commend_min_score": 90, "criticise_below_score": 60}
DESCRIPTION = (
    "按月对各部门办结的办件量化打分。按时办结率、提前办结率按比例折算（100% 得满分）；每百件超时件数、"
    "每百件红牌数达到 10 得零分，每百件退回次数达到 30 得零分，为零得满分；好差评平均分 5 分得满分、"
    "1 分得零分。各项按权重加权平均，保留一位小数。当月办结少于 10 件的部门不计分、不参与排名。"
)


def forwards(apps, schema_editor):
    ScoringMethod = apps.get_model("scorecards", "ScoringMethod")
    ScoringMethod.objects.get_or_create(version=1, defaults={
        "weights": WEIGHTS, "min_sample": 10, "circular": CIRCULAR, "description": DESCRIPTION,
        "published_at": datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
    })


def backwards(apps, schema_editor):
    apps.get_model("scorecards", "ScoringMethod").objects.filter(version=1, scorecards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scorecards", "0001_scoring_methods_scorecards_circulars")]

    operations = [migrations.RunPython(forwards, backwards)]
