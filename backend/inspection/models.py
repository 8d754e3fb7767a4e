"""Automatic inspection (自动检查) of the public site and the units' problem lists (问题清单) with their
rectification (整改). A run records what each check found; each finding of an automatic check opens
(or keeps open) a Problem of its unit, deduplicated by the finding's fingerprint; a later run that no
longer finds it closes the problem. External evaluations' findings are entered by the disclosure office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import materials_storage
from backend.directory.models import Column


class InspectionRun(models.Model):
    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("定时")
        MANUAL = "manual", _("手动")

    trigger = models.CharField(_("触发方式"), max_length=10, choices=Trigger.choices)
    day = models.DateField(_("检查日"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    checks = models.JSONField(_("检查项"), default=list)
    counts = models.JSONField(_("统计"), default=dict)

    class Meta:
        verbose_name = _("检查批次")
        verbose_name_plural = _("检查批次")
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["day"], condition=models.Q(trigger="schedule"),
                                               name="inspection_one_scheduled_run_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.trigger}"


class Finding(models.Model):
    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="findings")
    check_code = models.CharField(_("检查项"), max_length=40)
    department = models.ForeignKey(Department, verbose_name=_("责任单位"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    column = models.ForeignKey(Column, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    subject = models.CharField(_("检查对象"), max_length=500)
    description = models.CharField(_("问题"), max_length=500)
    evidence = models.JSONField(_("证据"), default=dict)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["run", "check_code", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "fingerprint"], name="inspection_finding_once_per_run")]

    def __str__(self) -> str:
        return f"{self.check_code} {self.subject}"


class CardState(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("预警")
    RED = "red", _("超时")


class Problem(models.Model):
    """An entry of a unit's problem list (问题清单). Automatic ones carry their finding's fingerprint
    and are closed by a re-check; external ones (第三方评估) are closed by the disclosure office."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("自动检查")
        EXTERNAL = "external", _("外部评估")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        REPLIED = "replied", _("已回告")
        REOPENED = "reopened", _("重新整改")
        CLOSED = "closed", _("已销号")

    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    check_code = models.CharField(_("检查项或指标"), max_length=40, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("责任单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    column = models.ForeignKey(Column, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    subject = models.CharField(_("检查对象"), max_length=500, blank=True)
    description = models.TextField(_("问题描述"))
    evidence = models.JSONField(_("证据"), default=dict)
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("发现时间"))
    opened_on = models.DateField(_("起算日"))
    days = models.PositiveSmallIntegerField(_("整改时限（工作日）"))
    due_on = models.DateField(_("整改期限"))
    reply_text = models.TextField(_("整改回告"), blank=True)
    replied_at = models.DateTimeField(_("回告时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回告人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("销号人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_by_run = models.ForeignKey(InspectionRun, verbose_name=_("复查批次"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="closed_problems")
    opened_by_run = models.ForeignKey(InspectionRun, verbose_name=_("发现批次"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="opened_problems")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    report_name = models.CharField(_("评估报告"), max_length=200, blank=True)
    indicator = models.CharField(_("评估指标"), max_length=200, blank=True)
    score_lost = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2, null=True, blank=True)
    # The rectification clock as the sweep last wrote it (cards only move it forward) and when the
    # sweep should look next; None while the unit has nothing to do (replied, closed).
    state = models.CharField(_("计时状态"), max_length=10, choices=CardState.choices, default=CardState.GREEN)
    next_change_at = models.DateTimeField(_("下次状态变化时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["department", "status"]),
                   models.Index(fields=["next_change_at"], name="inspection_problem_due_idx",
                                condition=models.Q(next_change_at__isnull=False))]
        constraints = [models.UniqueConstraint(
            fields=["fingerprint"], condition=models.Q(source="automatic") & ~models.Q(status="closed"),
            name="inspection_one_open_problem_per_fingerprint")]

    def __str__(self) -> str:
        return self.description[:60]


class ProblemEvidence(models.Model):
    """A file the unit attached to its reply (a screenshot of the fixed page, a notice)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="inspection/%Y/%m/", storage=materials_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ProblemCard(models.Model):
    """A yellow (预警) or red (超时) card on a problem's rectification clock, issued once per problem
    and colour by the sweep (backend/inspection/sweep.py)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="cards")
    from_state = models.CharField(_("原状态"), max_length=10, choices=CardState.choices)
    to_state = models.CharField(_("新状态"), max_length=10, choices=CardState.choices)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("整改亮牌")
        verbose_name_plural = _("整改亮牌")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["problem", "to_state"], name="inspection_one_card_per_colour")]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.to_state}"
