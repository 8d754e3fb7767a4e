"""Supervision (电子监察): one clock per case and kind (promised, statutory) and per process step,
its time ledger (suspensions, extensions), warning cards, and the hash-chained supervision log."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import Case, materials_storage
from backend.catalog.models import ServiceItem


class Clock(models.Model):
    """Budget and start only; deadlines are derived from the ledger (ledger.project) and cached."""

    class Kind(models.TextChoices):
        PROMISED = "promised", _("承诺时限")
        STATUTORY = "statutory", _("法定时限")
        STEP = "step", _("环节时限")

    class State(models.TextChoices):
        GREEN = "green", _("正常")
        YELLOW = "yellow", _("预警")
        RED = "red", _("超时")
        # Time stands still and the clock was within its time; an overdue clock stays RED while
        # suspended (selectors.open_suspension_q / `is_suspended` say that it is suspended too).
        SUSPENDED = "suspended", _("暂停计时")
        COMPLETED = "completed", _("已结束")

    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    step = models.CharField(_("环节"), max_length=20, blank=True)
    task_id = models.BigIntegerField(_("流程任务"), null=True, blank=True, unique=True)
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    budget_days = models.PositiveIntegerField(_("时限（工作日）"))
    start_date = models.DateField(_("起算日"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.GREEN)
    statutory_breach = models.BooleanField(_("超过法定时限"), default=False)
    promised_deadline = models.DateField(_("告知的期限"), null=True, blank=True,
                                         help_text=_("起算时告知申请人的期限，重新推算时不改写"))
    projected_deadline = models.DateField(_("推算期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(
        _("期限暂定"), default=False,
        help_text=_("期限经过尚未导入节假日安排的年份，按法定节假日暂定；导入后自动重算"))
    next_change_at = models.DateTimeField(_("下次状态变化时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("计时器")
        verbose_name_plural = _("计时器")
        ordering = ["case", "id"]
        indexes = [
            # The sweep's index: only open clocks carry a next change.
            models.Index(fields=["next_change_at"], name="supervision_clock_due_idx",
                         condition=models.Q(next_change_at__isnull=False)),
            models.Index(fields=["state"], name="supervision_clock_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], condition=~models.Q(kind="step"),
                                    name="supervision_one_case_clock_per_kind"),
        ]

    def __str__(self) -> str:
        label = self.step if self.kind == self.Kind.STEP else self.kind
        return f"{self.case_id}:{label}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class ClockEntry(models.Model):
    """One row of a clock's time ledger: a suspension (暂停计时) or an extension (延期)."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("暂停计时")
        EXTENSION = "extension", _("延期")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("理由"), max_length=200)
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    days = models.PositiveIntegerField(_("延长工作日"), default=0)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"))
    procedure = models.CharField(_("特别程序"), max_length=20, blank=True)
    expected_days = models.PositiveIntegerField(_("预计暂停工作日"), null=True, blank=True)
    ended_at = models.DateTimeField(_("恢复计时时间"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("恢复计时经办人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("计时台账")
        verbose_name_plural = _("计时台账")
        ordering = ["clock", "start_date", "id"]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.kind} {self.start_date}"


class SuspensionRule(models.Model):
    """Who may stop a case's clock for a procedure (暂停计时), and past how many working days a
    leader's approval is needed. The legal basis is always required. `migrate` seeds one row per
    procedure (procedures.PROCEDURES); a procedure without a row follows suspension_rules.DEFAULTS."""

    procedure = models.CharField(_("特别程序"), max_length=20, unique=True)
    roles = models.JSONField(_("可暂停计时的角色"), default=list,
                             help_text=_("角色代码，例如 clerk、reviewer、approver"))
    max_days = models.PositiveIntegerField(
        _("无须批准的最长暂停（工作日）"), null=True, blank=True,
        help_text=_("预计暂停超过该工作日数的，须经部门负责人（审批人员）批准；留空表示不限"))
    updated_at = models.DateTimeField(_("修改时间"))

    class Meta:
        verbose_name = _("暂停计时规则")
        verbose_name_plural = _("暂停计时规则")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.procedure


class Severity(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    YELLOW = "yellow", _("黄牌预警")
    RED = "red", _("红牌超时")


class WarningRule(models.Model):
    """A row of the warning rules table: scope × trigger × severity (DESIGN §3). Empty scope fields
    mean everywhere. For each severity, the applicable enabled rules of the most specific scope
    replace the less specific ones (see rules.py); `migrate` seeds today's defaults."""

    class Trigger(models.TextChoices):
        USED_PERCENT = "used_percent", _("已用时限比例（%）")
        DAYS_LEFT = "days_left", _("剩余工作日不超过")
        OVERDUE_DAYS = "overdue_days", _("超过期限工作日")
        EVENT = "event", _("办件事件")

    name = models.CharField(_("名称"), max_length=100)
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    step = models.CharField(_("环节"), max_length=20, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    clock_kind = models.CharField(_("计时器类型"), max_length=10, blank=True, choices=Clock.Kind.choices)
    trigger = models.CharField(_("触发条件"), max_length=16, choices=Trigger.choices)
    value = models.PositiveIntegerField(_("阈值"), default=0)
    event = models.CharField(_("事件"), max_length=40, blank=True)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices)
    enabled = models.BooleanField(_("启用"), default=False)
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("修改时间"))

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["severity", "trigger", "id"]

    def __str__(self) -> str:
        return self.name


class Card(models.Model):
    """A warning card: a warning-state change of a clock (预警/超时), a reminder, or an event rule that
    fired; with the rule, the responsible department and person. Written once per change."""

    clock = models.ForeignKey(Clock, null=True, blank=True, on_delete=models.CASCADE, related_name="cards")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("环节"), max_length=20, blank=True)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True, choices=Clock.State.choices)
    to_state = models.CharField(_("新状态"), max_length=10, blank=True, choices=Clock.State.choices)
    severity = models.CharField(_("级别"), max_length=10, blank=True, choices=Severity.choices)
    rule = models.ForeignKey(WarningRule, verbose_name=_("规则"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="cards")
    at = models.DateTimeField(_("时间"))
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # A card is never deleted: one that no longer holds (a calendar import moved the deadline) is
    # annulled, and the annulment is appended to the log with its reason.
    annulled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    annulment_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("预警卡")
        verbose_name_plural = _("预警卡")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["to_state", "-at"], name="supervision_card_state_idx")]
        constraints = [
            # A reminder fires once per clock and rule (again only if a calendar change annulled it).
            models.UniqueConstraint(fields=["clock", "rule"],
                                    condition=models.Q(severity="reminder", annulled_at__isnull=True),
                                    name="supervision_one_reminder_per_clock_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.from_state}→{self.to_state}"


class DeadlineChange(models.Model):
    """A derived deadline moved by a calendar change (a new year's notice, a local closure), kept so
    the applicant and staff see the new date and why; the promise told at acceptance stays as told."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="deadline_changes")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    before = models.DateField(_("原期限"), null=True)
    after = models.DateField(_("新期限"), null=True)
    calendar_version = models.PositiveIntegerField(_("日历版本"), null=True)
    calendar_source = models.CharField(_("日历来源"), max_length=200, blank=True)
    years = models.JSONField(_("重新公布的年份"), default=list)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("期限重算记录")
        verbose_name_plural = _("期限重算记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="supervision_dlchange_case_idx")]
        constraints = [
            # A version moves a clock's deadline once, however often the re-projection is run again.
            models.UniqueConstraint(fields=["clock", "calendar_version"],
                                    condition=models.Q(calendar_version__isnull=False),
                                    name="supervision_dlchange_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.clock_id}: {self.before} → {self.after}"


class Notification(models.Model):
    """A notification: in-app (the recipient's account; for the applicant also the case's tracking
    page), and the e-mail and text message that go with it. The row is the outbox: a task hinted
    after commit sends what is pending and a periodic sweep sends whatever it missed."""

    class Kind(models.TextChoices):
        CARD = "card", _("预警卡")
        SUSPENDED = "suspended", _("暂停计时")
        RESUMED = "resumed", _("恢复计时")
        EXTENDED = "extended", _("延期")
        CALENDAR = "calendar", _("工作日历")
        ACCEPTED = "accepted", _("已受理")
        SUPPLEMENT = "supplement", _("补正告知")
        REFUSED = "refused", _("不予受理")
        DECIDED = "decided", _("已作出决定")
        COMPLETED = "completed", _("已办结")
        ORDER = "order", _("督办")
        ORDER_CARD = "order_card", _("督办回告预警")
        ESCALATED = "escalated", _("督办升级")
        PROBLEM_CARD = "problem", _("整改预警")

    class DeliveryStatus(models.TextChoices):
        """The state of one channel's message (e-mail or text message)."""

        NONE = "none", _("无需发送")
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    # None for an applicant without an account (filed at a window): the text message reaches them.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                                  related_name="notifications", null=True, blank=True)
    case = models.ForeignKey(Case, verbose_name=_("办件"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # Addressed to the case's applicant: also shown on the case's page and tracking page.
    for_applicant = models.BooleanField(_("告知申请人"), default=False)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    email_status = models.CharField(_("邮件状态"), max_length=8, choices=DeliveryStatus.choices,
                                    default=DeliveryStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    email_sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    mobile = models.CharField(_("短信号码"), max_length=11, blank=True)
    sms_status = models.CharField(_("短信状态"), max_length=8, choices=DeliveryStatus.choices,
                                  default=DeliveryStatus.NONE)
    sms_attempts = models.PositiveSmallIntegerField(_("短信发送次数"), default=0)
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    # What the notification is about, for those sent once per subject (e.g. "calendar-provisional:2027",
    # "event:<case event id>").
    key = models.CharField(_("主题"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="supervision_notif_user_idx"),
            models.Index(fields=["id"], name="supervision_notif_mail_idx",
                         condition=models.Q(email_status="pending")),
            models.Index(fields=["id"], name="supervision_notif_sms_idx", condition=models.Q(sms_status="pending")),
            models.Index(fields=["case", "created_at"], name="supervision_notif_case_idx",
                         condition=models.Q(for_applicant=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                    name="supervision_notif_once_per_key"),
            # One applicant notification per case event, whoever and however many write it.
            models.UniqueConstraint(fields=["case", "key"], condition=models.Q(for_applicant=True) & ~models.Q(key=""),
                                    name="supervision_notif_applicant_once"),
            models.CheckConstraint(condition=models.Q(recipient__isnull=False) | ~models.Q(mobile=""),
                                   name="supervision_notif_reaches_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id or self.mobile}: {self.title}"


class LogHead(models.Model):
    """The single row holding the chain's head; appends lock it so the chain never forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("监察日志链头")
        verbose_name_plural = _("监察日志链头")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class LogEntry(models.Model):
    """An entry of the tamper-evident supervision log: hash = SHA-256(prev_hash + canonical JSON)."""

    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("监察日志")
        verbose_name_plural = _("监察日志")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class LogVerification(models.Model):
    """One verification of the hash-chained log: from the board, the daily schedule or the command."""

    class Source(models.TextChoices):
        BOARD = "board", _("工作台")
        SCHEDULE = "schedule", _("定时任务")
        COMMAND = "command", _("命令行")

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"))
    ok = models.BooleanField(_("校验通过"))
    entries_checked = models.PositiveBigIntegerField(_("已校验条数"))
    first_broken_seq = models.PositiveBigIntegerField(_("首个断链序号"), null=True, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("发起方式"), max_length=10, choices=Source.choices)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("监察日志校验")
        verbose_name_plural = _("监察日志校验")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'OK' if self.ok else self.first_broken_seq}"


def bulk_insert(objs: list) -> list:
    """Insert model instances of one model and set their primary keys. On PostgreSQL one
    INSERT … SELECT FROM unnest(column arrays) RETURNING id: the parameters are one array per column
    rather than one per value, which keeps a sweep batch of 1,000 cards and notifications cheap.
    Elsewhere bulk_create. Only for plain columns (no defaults computed in save())."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    params = [[getattr(o, f.attname) for o in objs] for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) "  # noqa: S608
                       f"RETURNING {connection.ops.quote_name(model._meta.pk.column)}", params)
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, connection.alias
    return objs



# -- supervision orders (督办) and rectifications (整改), issue 14 item 3 ------------------------------
# Pure rules in orders.py, writes in orders_services.py, reads in orders_selectors.py.
class Order(models.Model):
    """A supervision order (督办) an officer issues on a case, an item or a department, or a
    rectification (整改) the system opens (a poor rating). The responsible department replies (回告)
    within `days` working days of the issue date; the reply clock is supervised like a case clock
    (state green → yellow → red, found by the sweep through `next_change_at`) and escalates when
    overdue (level 1: the department head; level 2: the supervision office's head)."""

    class Kind(models.TextChoices):
        ORDER = "order", _("督办")
        RECTIFICATION = "rectification", _("整改")

    class Target(models.TextChoices):
        CASE = "case", _("办件")
        ITEM = "item", _("事项")
        DEPARTMENT = "department", _("部门")
        PROBLEM = "problem", _("问题清单")  # source "inspection_problem", source_id: the problem

    class Status(models.TextChoices):
        OPEN = "open", _("待回告")
        REPLIED = "replied", _("已回告待审核")
        RETURNED = "returned", _("已退回待重新回告")
        ACCEPTED = "accepted", _("已办结")

    class State(models.TextChoices):
        GREEN = "green", _("正常")
        YELLOW = "yellow", _("预警")
        RED = "red", _("超时")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.ORDER)
    target = models.CharField(_("督办对象"), max_length=12, choices=Target.choices)
    case = models.ForeignKey(Case, verbose_name=_("办件"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="+")
    problem = models.TextField(_("存在问题"))
    requirement = models.TextField(_("督办要求"))
    days = models.PositiveIntegerField(_("回告时限（工作日）"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下发人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text=_("空：系统下发（如差评整改）"))
    issued_at = models.DateTimeField(_("下发时间"))
    issued_on = models.DateField(_("起算日"))
    deadline = models.DateField(_("回告期限"))
    deadline_provisional = models.BooleanField(_("期限暂定"), default=False)
    status = models.CharField(_("办理状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    state = models.CharField(_("计时状态"), max_length=10, choices=State.choices, default=State.GREEN)
    escalation_level = models.PositiveSmallIntegerField(_("升级级别"), default=0)
    next_change_at = models.DateTimeField(_("下次状态变化时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # What opened a rectification ("rating" and the rating's id); once per source row.
    source = models.CharField(_("来源"), max_length=20, blank=True)
    source_id = models.BigIntegerField(_("来源编号"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["next_change_at"], name="supervision_order_due_idx",
                         condition=models.Q(next_change_at__isnull=False)),
            models.Index(fields=["department", "status"], name="supervision_order_dept_idx"),
            models.Index(fields=["case"], name="supervision_order_case_idx", condition=models.Q(case__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(target="case", case__isnull=False, item__isnull=True)
                           | models.Q(target="item", item__isnull=False, case__isnull=True)
                           | models.Q(target="department", case__isnull=True, item__isnull=True)
                           | models.Q(target="problem", case__isnull=True, item__isnull=True, source_id__isnull=False)),
                name="supervision_order_one_target"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="supervision_order_days_positive"),
            # A system rectification is opened once per source row; officers may order again on a
            # problem whose earlier order has been accepted.
            models.UniqueConstraint(fields=["source", "source_id"],
                                    condition=models.Q(kind="rectification") & ~models.Q(source="")
                                    & models.Q(source_id__isnull=False),
                                    name="supervision_order_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class OrderReply(models.Model):
    """One round of the department's reply (回告) and the officer's decision on it. A returned reply
    stays; the next round is a new row."""

    class Decision(models.TextChoices):
        PENDING = "", _("待审核")
        ACCEPTED = "accepted", _("通过")
        RETURNED = "returned", _("退回")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("轮次"))
    text = models.TextField(_("整改情况"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回告人"), on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("回告时间"))
    on_time = models.BooleanField(_("按期回告"), default=True)
    # The follow-up visit (回访) a rectification's reply records.
    visit_on = models.DateField(_("回访日期"), null=True, blank=True)
    visit_by = models.CharField(_("回访人"), max_length=60, blank=True)
    visit_result = models.TextField(_("回访结果"), blank=True)
    decision = models.CharField(_("审核结果"), max_length=10, choices=Decision.choices, blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("督办回告")
        verbose_name_plural = _("督办回告")
        ordering = ["order", "round"]
        constraints = [models.UniqueConstraint(fields=["order", "round"], name="supervision_reply_round_once")]

    def __str__(self) -> str:
        return f"{self.order_id} #{self.round}"


class OrderEvidence(models.Model):
    """An evidence file of a reply, stored privately like case materials."""

    reply = models.ForeignKey(OrderReply, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="orders/%Y/%m/", storage=materials_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("回告佐证材料")
        verbose_name_plural = _("回告佐证材料")
        ordering = ["reply", "id"]

    def __str__(self) -> str:
        return self.original_name


class OrderCard(models.Model):
    """A change of an order's reply clock (yellow, red) or an escalation (level 1, 2): once each."""

    class Kind(models.TextChoices):
        STATE = "state", _("状态变化")
        ESCALATION = "escalation", _("升级督办")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    from_state = models.CharField(_("原状态"), max_length=10, blank=True, choices=Order.State.choices)
    to_state = models.CharField(_("新状态"), max_length=10, blank=True, choices=Order.State.choices)
    level = models.PositiveSmallIntegerField(_("升级级别"), default=0)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("通知对象"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("督办预警卡")
        verbose_name_plural = _("督办预警卡")
        ordering = ["order", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "to_state"], condition=models.Q(kind="state"),
                                    name="supervision_ordercard_once_per_state"),
            models.UniqueConstraint(fields=["order", "level"], condition=models.Q(kind="escalation"),
                                    name="supervision_ordercard_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.to_state or self.level}"
