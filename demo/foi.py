"""Information requests (依申请公开) for the demo: two organs' request items on the generic process,
their office details (the demo `approver` heads both disclosure offices: extends and signs off), the
shipped model replies (migration foi 0004), and requests in different states laid out in working
days before the moment the demo is loaded. Loading again changes nothing (requests are matched on
organ + description).

demo/loader.py calls `load_foi(tally, now=now, clock=DemoClock(now))` after the organisation, the
users and the letters."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from backend.accounts.models import Department, User
from backend.foi import replies
from backend.foi import services as foi_services
from backend.foi.models import InfoRequest, OrganProfile
from backend.foi.organs import foi_item_ensure
from workflows import foi as flow

from . import applicants as people
from .organisation import COUNTY

ORGANS = {
    "scjgj": {"office_name": "局办公室", "address": f"{COUNTY}人民中路 18 号", "postcode": "990121",
              "phone": "0123-5210018", "email": "gk-scjgj@linhe.example.gov.cn"},
    "zrzyj": {"office_name": "局办公室（政务公开）", "address": f"{COUNTY}建设路 66 号", "postcode": "990121",
              "phone": "0123-5210066", "email": "gk-zrzyj@linhe.example.gov.cn"},
}
REMEDY = {"reconsideration_organ": f"{COUNTY}人民政府", "court": f"{COUNTY}人民法院"}

# (organ, channel, applicant, organisation kind, description, form, way, received working days ago, state)
REQUESTS = [
    ("scjgj", "online", people.WANG_JIANGUO, "", "本县2026年食品安全监督抽检结果汇总表", "electronic", "online", 0,
     "unconfirmed"),
    ("scjgj", "in_person", people.ZHANG_WEI, "", "本局2025年度行政处罚案件数量及罚没款统计", "paper", "pickup", 3,
     "handling"),
    ("zrzyj", "post", people.QINGQUAN, "commercial", "城东工业园区2024年土地征收补偿安置方案", "paper", "post", 12,
     "extended"),
    ("zrzyj", "in_person", people.OUYANG, "", "我村土地的有关文件", "paper", "pickup", 5, "supplement"),
    ("scjgj", "post", people.HUATONG, "commercial", "某物流公司2025年度行政许可审查材料", "electronic", "email", 8,
     "consulting"),
    ("zrzyj", "in_person", people.SIMA, "", "本县2025年度国有建设用地供应计划", "electronic", "email", 16, "delivered"),
    ("scjgj", "in_person", people.SHANGGUAN, "", "有关食品经营的材料", "paper", "pickup", 30, "withdrawn"),
    ("zrzyj", "in_person", people.KANGNING, "commercial", "本县药品零售企业2025年度监督检查结果", "electronic",
     "email", 18, "handling"),
]


def load_foi(tally, *, now: datetime, clock) -> None:
    approver, clerk, reviewer = (User.objects.get(username=n) for n in ("approver", "clerk", "reviewer"))
    for code, details in ORGANS.items():
        organ = Department.objects.get(code=code)
        foi_item_ensure(organ=organ, now=clock.at(clock.before(clock.today, 200), "09:00"))
        _, created = OrganProfile.objects.update_or_create(organ=organ, defaults={
            **details, **REMEDY, "office_head": approver})
        tally.add(OrganProfile._meta.verbose_name, "created" if created else "unchanged")
    for spec in REQUESTS:
        if InfoRequest.objects.filter(organ__code=spec[0], description=spec[4]).exists():
            tally.add(InfoRequest._meta.verbose_name, "unchanged")
            continue
        with transaction.atomic():
            _request(spec, now=now, clock=clock, staff={"clerk": clerk, "reviewer": reviewer, "approver": approver})
        tally.add(InfoRequest._meta.verbose_name, "created")
    flow.foi_sweep(now=now)  # the withdrawn one is ended as the beat would


def _request(spec, *, now: datetime, clock, staff) -> InfoRequest:
    code, channel, applicant, kind, description, form, way, ago, state = spec
    organ = Department.objects.get(code=code)
    received = clock.before(clock.today, ago)
    day = lambda n, hhmm="10:00": clock.at(clock.after(received, n), hhmm)  # noqa: E731
    data = {"description": description, "form": form, "delivery_way": way, "organisation_kind": kind,
            "email": "shenqing@example.com" if way in ("email", "online") else "",
            "address": f"{COUNTY}城关镇幸福路 8 号" if way == "post" else ""}
    if channel == "post":
        data.update(post_kind="signed", signed_on=received.isoformat())
    if channel == "online":  # filed early this morning (or just now, past midnight) by `applicant`, not confirmed
        filed = min(clock.at(received, "07:45"), now - timedelta(minutes=5))
        request = flow.foi_file(organ_id=organ.pk, channel="online", applicant=applicant, data=data,
                                actor=User.objects.get(username="applicant"), now=filed)
    else:
        request = flow.foi_file(organ_id=organ.pk, channel=channel, applicant=applicant, data=data,
                                actor=staff["clerk"], now=clock.at(received, "09:30") if channel != "post"
                                else day(1, "09:00") if ago > 1 else clock.at(received, "15:00"))
    if state == "extended":
        foi_services.request_extend(request=request, days=10, reason="需调阅征收档案并征求相关单位意见",
                                    actor=staff["approver"], now=day(10, "16:00"))
    elif state in ("supplement", "withdrawn"):
        foi_services.supplement_request(request=request, text="请写明所需文件的名称、文号或者形成时间、所属地块位置",
                                        days=10, actor=staff["reviewer"], now=day(2))
    elif state == "consulting":
        foi_services.consultation_open(request=request, kind="third_party", party=people.HUATONG["name"],
                                       actor=staff["reviewer"], now=day(3))
    elif state == "delivered":
        replies.reply_draft(request=request, reply_type="partly_granted", reply_ground="third_party", reply_data={
            "provided": "2025年度国有建设用地供应计划（公开部分）", "redacted": "附表中拟供地块意向用地单位的商业信息",
            "reason": "涉及第三方商业秘密，经征求意见第三方不同意公开"}, actor=staff["reviewer"], now=day(8))
        flow.foi_submit(request=request, actor=staff["reviewer"], now=day(8, "11:00"))
        flow.foi_sign(request=request, actor=staff["approver"], now=day(9))
        flow.foi_deliver(request=request, actor=staff["clerk"], now=day(9, "15:00"), step_input={
            "delivery_method": "electronic", "delivered_on": clock.after(received, 9).isoformat(),
            "recipient": applicant["name"], "confirmation": "答复书已发送至申请人电子邮箱 shenqing@example.com"})
    return request
