"""The first published disclosure scoring method (政务公开量化考评办法 第 1 版); docs/unitscores.md
describes it."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

INDICATORS = {
    "findings_per_column": {"weight": 20, "best": 0, "worst": 2},
    "rectification_timeliness": {"weight": 20, "best": 1, "worst": 0},
    "column_freshness": {"weight": 20, "best": 1, "worst": 0},
    "letter_reply_rate": {"weight": 10, "best": 1, "worst": 0},
    "letter_on_time_rate": {"weight": 10, "best": 1, "worst": 0},
    "request_on_time_rate": {"weight": 10, "best": 1, "worst": 0},
    "external_points_lost": {"weight": 10, "best": 0, "worst": 10},
}
VETOES = {
    "unmasked_personal_data": {"cap": 59, "fail": True},
    "request_past_statutory": {"cap": 59, "fail": True},
}
CIRCULAR = {"commend_top": 3, "commend_min_score": 90, "criticise_below_score": 60}
DESCRIPTION = (
    "按季度或年度对各单位的政务公开工作量化打分。每栏目自动检查问题数为 0 得满分、达到 2 得零分；问题按期整改率、"
    "栏目按时更新率、来信答复率、来信按时答复率、依申请公开按时答复率按比例折算（100% 得满分）；外部评估扣分为 0 "
    "得满分、达到 10 分得零分。各项按权重加权平均，保留一位小数；本期无数据的指标不计分，其权重由其余指标分担。"
    "一票否决：公开内容含未脱敏的个人信息、依申请公开超过法定期限（红牌），得分不超过 59 分并评为不合格。"
)


def forwards(apps, schema_editor):
    DisclosureMethod = apps.get_model("unitscores", "DisclosureMethod")
    DisclosureMethod.objects.get_or_create(version=1, defaults={
        "indicators": INDICATORS, "vetoes": VETOES, "circular": CIRCULAR, "description": DESCRIPTION,
        "published_at": datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
    })


def backwards(apps, schema_editor):
    apps.get_model("unitscores", "DisclosureMethod").objects.filter(version=1, scorecards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("unitscores", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
