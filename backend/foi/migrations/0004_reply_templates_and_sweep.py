"""The county's model replies (依申请公开答复示范文本), one per reply type, editable in the admin
(placeholders: docs/foi.md), and the beat row of the request sweep (补正 periods run out, art. 30;
third parties' 15 working days, art. 32)."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "foi: sweep information requests"
REMEDY = ("如对本答复不服，可以自收到本答复之日起六十日内向{reconsideration_organ}申请行政复议，"
          "或者自收到本答复之日起六个月内向{court}提起行政诉讼。")
OPENING = "{applicant}：\n本机关于{received_date}收到您（单位）提出的政府信息公开申请（申请编号：{number}），申请获取“{description}”。"
TEMPLATES = {
    "already_public": ("政府信息公开申请答复书（已主动公开）", (
        OPENING + "\n经审查，您（单位）申请获取的政府信息本机关已经主动公开。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第一项的规定，现告知您（单位）获取该政府信息的方式和途径：{location}。\n{detail}\n" + REMEDY)),
    "granted": ("政府信息公开申请答复书（予以公开）", (
        OPENING + "\n经审查，您（单位）申请获取的政府信息属于公开范围。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第二项的规定，本机关予以公开，现将{provided}以{form}形式、通过{delivery_way}方式提供给您（单位）。\n"
        "{files}\n" + REMEDY)),
    "partly_granted": ("政府信息公开申请答复书（部分公开）", (
        OPENING + "\n经审查，您（单位）申请获取的政府信息中，{redacted}，因{reason}，属于{ground}的情形，依法不予公开；"
        "其余部分属于公开范围。根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关对可以公开的部分予以公开，"
        "现将{provided}以{form}形式、通过{delivery_way}方式提供给您（单位），并对不予公开的内容说明理由如上。\n"
        "{files}\n" + REMEDY)),
    "refused": ("政府信息公开申请答复书（不予公开）", (
        OPENING + "\n经审查，您（单位）申请获取的政府信息，因{reason}，属于{ground}的情形。根据《中华人民共和国政府信息公开条例》"
        "第十四条、第十五条、第十六条的相关规定和第三十六条第三项的规定，本机关决定不予公开。\n" + REMEDY)),
    "not_held": ("政府信息公开申请答复书（本机关不掌握相关政府信息）", (
        OPENING + "\n经检索查找，本机关未制作、未获取您（单位）申请获取的政府信息（{ground}）。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第四项的规定，现告知您（单位）该政府信息不存在。\n{detail}\n" + REMEDY)),
    "not_this_organ": ("政府信息公开申请答复书（不属于本机关负责公开）", (
        OPENING + "\n经审查，您（单位）申请获取的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第五项的规定，该政府信息由{responsible_organ}负责公开，联系方式：{responsible_contact}，"
        "请您（单位）向该机关申请。\n" + REMEDY)),
    "repeat": ("政府信息公开申请答复书（重复申请）", (
        OPENING + "\n经审查，您（单位）已就同一政府信息向本机关提出过公开申请，本机关已依法作出答复（{previous_reply}），"
        "您（单位）重复申请公开。根据《中华人民共和国政府信息公开条例》第三十六条第六项的规定，本机关不予重复处理。\n" + REMEDY)),
    "other_channel": ("政府信息公开申请答复书（告知通过其他途径办理）", (
        OPENING + "\n经审查，您（单位）提出的申请不属于政府信息公开申请的范围（{ground}）。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第七项、第三十九条的规定，请您（单位）通过{channel_name}办理。\n" + REMEDY)),
    "withdrawn": ("政府信息公开申请处理告知书（视为放弃申请）", (
        OPENING + "\n因申请内容不明确，本机关已告知您（单位）补正：{supplement_request}，补正期限至{supplement_due}。"
        "您（单位）无正当理由逾期未补正。根据《中华人民共和国政府信息公开条例》第三十条的规定，视为您（单位）放弃申请，"
        "本机关不再处理该政府信息公开申请。\n" + REMEDY)),
}


def forwards(apps, schema_editor):
    ReplyTemplate = apps.get_model("foi", "ReplyTemplate")
    now = timezone.now()
    for reply_type, (title, body) in TEMPLATES.items():
        ReplyTemplate.objects.get_or_create(reply_type=reply_type,
                                            defaults={"title": title, "body": body, "updated_at": now})
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=600, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "workflows.foi_tasks.foi_sweep_task", "interval": every_ten_minutes, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("foi", "ReplyTemplate").objects.filter(reply_type__in=list(TEMPLATES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0002_organ_profile_and_reply"),
        ("foi", "0003_annual_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
