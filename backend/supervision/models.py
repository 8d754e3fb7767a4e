"""Supervision (电子监察): one clock per case and kind (promised, statutory) and per process step,
its time ledger (suspensions, extensions), warning cards, and the hash-chained supervision log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import Case


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

    class Meta:
        verbose_name = _("计时台账")
        verbose_name_plural = _("计时台账")
        ordering = ["clock", "start_date", "id"]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.kind} {self.start_date}"


class Card(models.Model):
    """A warning-state transition of a clock (预警/超时 card), written once per change."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="cards")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    from_state = models.CharField(_("原状态"), max_length=10, choices=Clock.State.choices)
    to_state = models.CharField(_("新状态"), max_length=10, choices=Clock.State.choices)
    at = models.DateTimeField(_("时间"))
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("预警卡")
        verbose_name_plural = _("预警卡")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["to_state", "-at"], name="supervision_card_state_idx")]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.from_state}→{self.to_state}"


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
