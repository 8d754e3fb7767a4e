"""The county-head mailbox's demo: the mailbox office (县长信箱办公室, handled by `clerk`) and a few
letters in different states laid out in working days before the moment the demo is loaded — one
waiting for screening, one not accepted, one with the department (`reviewer` drafts), one at the
head's sign-off (`approver` signs), one overdue (a red card after the sweep), replies published
(masked), a false report referred to the police, and an unsatisfied writer's follow-up letter.
Loading again changes nothing (letters are found by their subject).

Call: `load_letters(tally, now=now, clock=DemoClock(now))` from demo/loader.py after load_workbench."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backend.accounts.models import Department, User
from backend.disclosure.outbox import relay_due
from backend.letters import publishing
from backend.letters import services as letter_services
from backend.letters.models import Letter, Mailbox
from backend.supervision.services import clocks_sweep
from workflows import letters as flow

from .organisation import COUNTY

OFFICE_CODE = "xzxx"


@dataclass(frozen=True)
class Scene:
    written: int  # working days before today
    letter_type: str
    subject: str
    body: str
    writer: str
    mobile: str
    until: str  # "write", "refuse", "screen", "draft", "sign", "referred"
    dept: str = "zjj"
    classification: str = "general"
    outcome: str = "answered"
    reply: str = ""
    may_publish: bool = True
    score: int | None = None
    reopen: str = ""


SCENES = [
    Scene(9, "consultation", "老旧小区加装电梯补贴如何申请",
          "我是城关镇幸福小区居民，想了解加装电梯的补贴标准和申请材料。", "王小红", "13912345601", "sign",
          reply="您好！既有住宅加装电梯补贴按《县既有住宅加装电梯实施办法》执行，每台补贴 15 万元。"
                "请由小区业主代表向社区提出申请，经办人李建国，电话13800138000。", score=5),
    Scene(7, "suggestion", "建议在县城主干道增设非机动车道",
          "解放路早晚高峰电动车与机动车混行，存在安全隐患，建议增设隔离的非机动车道。", "陈立新", "13912345602",
          "sign", dept="cgj", classification="constructive", outcome="adopted",
          reply="感谢您的建议。我局已将解放路非机动车道改造列入明年城市道路提升计划，届时将向社会公示方案。",
          score=4),
    Scene(12, "report", "举报某商户占道经营",
          "城东市场门口某商户长期占道经营，多次劝说无效。", "赵明", "13912345603", "referred", dept="cgj",
          classification="false_report", outcome="referred",
          reply="经现场核查，所反映商户证照齐全、未发现占道经营行为。来信所称与事实不符。", may_publish=False),
    Scene(8, "complaint", "供水管网维修后长时间未恢复路面",
          "河西镇自来水管道维修后，路面开挖已两周未恢复，出行困难。", "孙丽", "13912345604", "sign",
          dept="slj", classification="difficulty", outcome="resolved",
          reply="经核实，维修单位已于本周恢复路面，今后将督促施工单位按期恢复。", score=2,
          reopen="路面只是简单回填，下雨后又塌陷了。"),
    Scene(10, "consultation", "农村自建房审批需要哪些材料", "想在老宅基地上翻建住房，需要办什么手续？",
          "周大勇", "13912345605", "screen", dept="zrzyj"),  # 5 working days: overdue, a red card
    Scene(3, "help", "孩子入学居住证明开具遇到困难", "租住在城关镇，房东不配合提供房产证明，孩子入学怎么办？",
          "吴芳", "13912345606", "draft", dept="zjj"),
    Scene(2, "complaint", "营业执照办理窗口多次让补材料",
          "办理营业执照时窗口前后三次让我补充不同的材料，没有一次性告知。", "钱多多", "13912345607", "screen",
          dept="scjgj"),
    Scene(4, "report", "反映邻居违法搭建", "邻居正在诉讼中的违建问题，请求政府处理。", "郑好", "13912345608",
          "refuse"),
    Scene(0, "help", "独居老人家中无人照看", "城关镇和平社区一位独居老人行动不便，请有关部门关心。",
          "冯晓", "13912345609", "write"),
]


def _office(tally) -> tuple[Department, Mailbox]:
    office, created = Department.objects.get_or_create(code=OFFICE_CODE, defaults={"name": f"{COUNTY}县长信箱办公室"})
    tally.add(Department._meta.verbose_name, "created" if created else "unchanged")
    clerk = User.objects.get(username="clerk")
    clerk.departments.add(office)
    for code, username in (("zjj", "approver"), ("cgj", "approver"), ("slj", "approver")):
        Department.objects.filter(code=code, head__isnull=True).update(head=User.objects.get(username=username))
    mailbox = Mailbox.objects.filter(code=OFFICE_CODE).first()
    if mailbox is None:
        mailbox = letter_services.mailbox_create(
            code=OFFICE_CODE, name=f"{COUNTY}县长信箱", office=office, now=datetime(2020, 1, 1, tzinfo=_tz()),
            effective_from=date(2020, 1, 1), intro="县长信箱受理群众咨询、投诉、建议、求助和举报。")
        tally.add(Mailbox._meta.verbose_name, "created")
    else:
        tally.add(Mailbox._meta.verbose_name, "unchanged")
    return office, mailbox


def _tz():
    from backend.workcalendar.calendar import SHANGHAI

    return SHANGHAI


def _task(letter: Letter, step: str):
    task = flow.open_task(letter)
    assert task is not None and task.data.get("step") == step, (letter.subject, step)
    return task.pk


def _complaint_target() -> str:
    from backend.cases.models import Case

    case = Case.objects.filter(letter__isnull=True).order_by("filed_at").first()
    return case.number if case else ""


def load_letters(tally, *, now: datetime, clock) -> None:
    _office_dept, mailbox = _office(tally)
    users = {name: User.objects.get(username=name) for name in ("clerk", "reviewer", "approver")}
    for scene in SCENES:
        if Letter.objects.filter(mailbox=mailbox, subject=scene.subject).exists():
            tally.add(Letter._meta.verbose_name, "unchanged")
            continue
        day = clock.before(clock.today, scene.written) if scene.written else clock.today
        written = clock.at(day, "09:10") if scene.written else now
        about = _complaint_target() if scene.subject.startswith("营业执照") else ""
        letter = flow.letter_write(mailbox_code=mailbox.code, now=written, data={
            "letter_type": scene.letter_type, "subject": scene.subject, "body": scene.body,
            "writer_name": scene.writer, "mobile": scene.mobile, "may_publish": scene.may_publish,
            "about_case_number": about})
        tally.add(Letter._meta.verbose_name, "created")
        if scene.until == "write":
            continue
        screened = clock.at(day, "15:30")
        if scene.until == "refuse":
            flow.letter_screen(task_id=_task(letter, "accept"), actor=users["clerk"], accept=False,
                               reason="other_channel", opinion="所反映问题已进入诉讼程序，请通过诉讼途径解决。",
                               now=screened)
            continue
        dept = Department.objects.get(code=scene.dept)
        flow.letter_screen(task_id=_task(letter, "accept"), actor=users["clerk"], accept=True, department_id=dept.pk,
                           about_case_number=about, now=screened)
        if scene.until == "screen":
            continue
        drafted = clock.at(clock.after(day, 1), "10:00") if scene.written > 1 else clock.at(day, "16:30")
        flow.letter_draft(task_id=_task(letter, "handle"), actor=users["reviewer"], submit=scene.until != "draft",
                          text=scene.reply or "正在核实，拟答复如下：……", classification=scene.classification,
                          outcome=scene.outcome, now=drafted)
        if scene.until == "draft":
            continue
        signed = clock.at(clock.after(day, 2), "11:00")
        referred = scene.until == "referred"
        flow.letter_sign(task_id=_task(letter, "sign"), actor=users["approver"], approve=True, opinion="同意签发",
                         police_organ="临河县公安局" if referred else "",
                         referral_reason="来信所称与事实不符，涉嫌捏造事实诬告他人。" if referred else "",
                         now=signed)
        letter.refresh_from_db()
        if scene.score:
            rated = clock.at(clock.after(day, 3), "09:30")
            letter_services.letter_rate(case=letter.case, score=scene.score, comment=scene.reopen[:100], now=rated)
            if scene.reopen:
                flow.letter_reopen(letter=letter, reason=scene.reopen, now=clock.at(clock.after(day, 3), "09:40"))
    clocks_sweep(now=now)
    publishing.mailbox_stats_publish(now=now)
    relay_due(now=now)
