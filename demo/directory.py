"""The disclosure catalogue's demo (信息公开目录, docs/directory.md): the seeded columns given to
demo units with update frequencies, and documents laid out in working days before the moment the
demo is loaded: a policy with its interpretation (published together); documents published long
ago (a column now overdue for its update) and this week; one awaiting the head's sign-off
(`approver`), one returned to its drafter, one withdrawn. `reviewer` drafts and reviews (staff of
every unit), `approver` heads the units and signs off. Loading again changes nothing (documents are
matched on column + title)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from backend.accounts.models import Department, User
from backend.directory import services
from backend.directory.models import Column, Document
from backend.disclosure.outbox import relay_due

from .organisation import COUNTY

# (column code, unit code, responsible person, update every N days, day kind)
COLUMNS = [
    ("jgzn", "zjj", "reviewer", None, "working"),
    ("zcwj", "zjj", "reviewer", 60, "working"),
    ("xzxk", "scjgj", "reviewer", 10, "working"),
    ("ghjh", "zrzyj", "reviewer", 30, "calendar"),
    ("czzj", "cgj", "reviewer", 20, "working"),
    ("xzcf", "scjgj", "reviewer", 10, "working"),
]


@dataclass(frozen=True)
class Scene:
    column: str
    title: str
    doc_number: str
    organ: str
    ago: int  # working days before today it was drafted
    until: str  # "published", "awaiting_sign_off", "returned", "withdrawn"
    body: str
    topic: str = ""


SCENES = [
    Scene("jgzn", "县住房和城乡建设局主要职责和内设机构", "", "县住房和城乡建设局", 60, "published",
          "一、主要职责：贯彻执行住房和城乡建设法律法规……\n二、内设机构：办公室、住房保障股、建筑业管理股。",
          "机构职能"),
    Scene("xzxk", "关于优化食品经营许可办理流程的通知", "临市监〔2026〕31号", "县市场监督管理局", 3,
          "published",
          "为进一步压缩办理时限，食品经营许可承诺时限由 10 个工作日压缩为 5 个工作日。咨询电话：0123-5210018。",
          "市场监管"),
    Scene("xzcf", "2026年第三季度行政处罚案件信息", "", "县市场监督管理局", 40, "published",
          "本季度共作出行政处罚决定 36 件，其中食品安全类 21 件、价格类 6 件。", "市场监管"),
    Scene("ghjh", "临河县国土空间总体规划（2021—2035年）批前公示", "", "县自然资源局", 2, "awaiting_sign_off",
          "根据《中华人民共和国城乡规划法》，现将规划草案予以公示，公示期 30 日。", "自然资源"),
    Scene("czzj", "2026年城市道路维护专项资金使用情况", "", "县城市管理综合行政执法局", 4, "returned",
          "2026年城市道路维护专项资金预算 860 万元，已支出 612 万元。", "财政资金"),
    Scene("czzj", "2025年城市管理部门预算公开", "临城管〔2025〕5号", "县城市管理综合行政执法局", 50, "withdrawn",
          "2025年部门预算收入 3,420 万元……", "财政资金"),
]


def load_directory(tally, *, now: datetime, clock) -> None:
    reviewer, approver = User.objects.get(username="reviewer"), User.objects.get(username="approver")
    for code, unit, owner, every, day_kind in COLUMNS:
        department = Department.objects.get(code=unit)
        if department.head_id is None:  # the demo approver heads every unit that has no head yet
            Department.objects.filter(pk=department.pk).update(head=approver)
        changed = Column.objects.filter(code=code, department__isnull=True).update(
            department=department, owner=User.objects.get(username=owner), update_every_days=every,
            day_kind=day_kind)
        tally.add(Column._meta.verbose_name, "updated" if changed else "unchanged")
    if Document.objects.filter(column__code=POLICY.column, title=POLICY.title).exists():
        tally.add(Document._meta.verbose_name, "unchanged")
    else:
        with transaction.atomic():
            _policy(clock=clock, reviewer=reviewer, approver=approver)
        tally.add(Document._meta.verbose_name, "created")
    for scene in SCENES:
        if Document.objects.filter(column__code=scene.column, title=scene.title).exists():
            tally.add(Document._meta.verbose_name, "unchanged")
            continue
        with transaction.atomic():
            _document(scene, clock=clock, reviewer=reviewer, approver=approver)
        tally.add(Document._meta.verbose_name, "created")


POLICY = Scene("zcwj", "临河县既有住宅加装电梯实施办法", "临建〔2026〕12号", "县住房和城乡建设局", 12, "published",
               "第一条 为改善老旧小区居住条件，制定本办法。\n第二条 每台电梯补贴 15 万元，由业主代表向社区申请。",
               "城乡建设")
INTERPRETATION = {"title": "《临河县既有住宅加装电梯实施办法》政策解读", "interpretation_form": "qa",
                  "body": "问：哪些小区可以申请？\n答：2000 年以前建成、未配电梯的多层住宅。\n"
                          "问：补贴多少？\n答：每台 15 万元。"}


def _policy(*, clock, reviewer, approver) -> Document:
    """A policy published with its interpretation (谁起草、谁解读: signed off and published together)."""
    drafted_on = clock.before(clock.today, POLICY.ago)
    at = lambda n, hhmm: clock.at(clock.after(drafted_on, n), hhmm)  # noqa: E731
    policy = services.document_draft(actor=reviewer, now=at(0, "09:00"), data={
        "column": POLICY.column, "title": POLICY.title, "doc_number": POLICY.doc_number,
        "issuing_organ": f"{COUNTY}住房和城乡建设局", "written_on": drafted_on.isoformat(), "body": POLICY.body,
        "topic": POLICY.topic})
    services.interpretation_draft(policy=policy, actor=reviewer, now=at(0, "09:30"),
                                  data={**INTERPRETATION, "interpreted_on": drafted_on.isoformat()})
    policy = services.document_submit(document=policy, actor=reviewer, now=at(0, "10:00"))
    policy = services.document_review(document=policy, decision="approve", actor=reviewer, now=at(0, "15:00"))
    return services.document_sign_off(document=policy, decision="approve", actor=approver, now=at(1, "16:00"))


def _document(scene: Scene, *, clock, reviewer, approver) -> Document:
    drafted_on = clock.before(clock.today, scene.ago)
    day = lambda n, hhmm: clock.at(clock.after(drafted_on, n), hhmm)  # noqa: E731
    doc = services.document_draft(actor=reviewer, now=clock.at(drafted_on, "09:00"), data={
        "column": scene.column, "title": scene.title, "doc_number": scene.doc_number,
        "issuing_organ": f"{COUNTY}{scene.organ.removeprefix('县')}", "written_on": drafted_on.isoformat(),
        "body": scene.body, "topic": scene.topic})
    doc = services.document_submit(document=doc, actor=reviewer, now=clock.at(drafted_on, "10:00"))
    if scene.until == "returned":
        return services.document_review(document=doc, decision="return", actor=reviewer, now=day(1, "10:00"),
                                        opinion="请补充资金支出明细表，并注明数据截止日期。")
    doc = services.document_review(document=doc, decision="approve", actor=reviewer, now=clock.at(drafted_on, "15:00"))
    if scene.until == "awaiting_sign_off":
        return doc
    doc = services.document_sign_off(document=doc, decision="approve", actor=approver, now=day(1, "16:00"))
    if scene.until == "withdrawn":
        relay_due(now=day(1, "16:05"))  # withdrawing needs the publication made
        doc = services.document_withdraw(document=doc, reason="预算数据有误，更正后重新发布。", actor=reviewer,
                                         now=day(3, "09:30"))
    return doc
