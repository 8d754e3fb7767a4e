"""Statistics (统计分析): a ledger of facts written when things finish, and daily and monthly
rollups of it kept by the periodic sweep.

The facts keep plain ids of their dimensions (department, item, centre, staff), without database
constraints: a fact is history and stays when a row it names is edited or removed, and the ledger
can be loaded in bulk (tests/bench/stats.py). `centre_id` 0 in the rollups means "no service
centre" (filed online): a NOT NULL key, so that the rollups' unique keys and upserts hold.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department, ServiceCentre
from backend.cases.models import Case
from backend.catalog.models import ServiceItem

# Working days used, in integer buckets 0..HISTOGRAM_CAP-1 plus one overflow bucket (≥ HISTOGRAM_CAP):
# mean, median and p90 of a rollup are exact unless a percentile falls into the overflow bucket,
# and then the selector answers from the facts instead.
HISTOGRAM_CAP = 61
HISTOGRAM_SIZE = HISTOGRAM_CAP + 1


def _dimension(model, verbose_name, **kwargs):
    return models.ForeignKey(model, verbose_name=verbose_name, on_delete=models.DO_NOTHING, db_constraint=False,
                             db_index=False, related_name="+", **kwargs)


class CaseFact(models.Model):
    """One row per case: written at filing, completed at acceptance or refusal and at completion."""

    case = models.OneToOneField(Case, verbose_name=_("办件"), primary_key=True, on_delete=models.CASCADE,
                                db_constraint=False, related_name="+")
    department = _dimension(Department, _("部门"))
    item = _dimension(ServiceItem, _("事项"))
    centre = _dimension(ServiceCentre, _("服务中心"), null=True, blank=True)
    received_date = models.DateField(_("收件日期"))
    intake_date = models.DateField(_("受理或不予受理日期"), null=True, blank=True)
    accepted = models.BooleanField(_("已受理"), default=False)
    refused = models.BooleanField(_("不予受理"), default=False)
    completed_date = models.DateField(_("办结日期"), null=True, blank=True)
    decision = models.CharField(_("决定"), max_length=10, blank=True)
    budget_days = models.PositiveIntegerField(_("承诺时限（工作日，含延期）"), null=True, blank=True)
    days_used = models.PositiveIntegerField(_("已用工作日（不含暂停）"), null=True, blank=True)
    on_time = models.BooleanField(_("按时办结"), default=False)
    early = models.BooleanField(_("提前办结"), default=False)
    overdue = models.BooleanField(_("超时办结"), default=False)
    send_backs = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    extensions = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    cards_yellow = models.PositiveSmallIntegerField(_("黄牌"), default=0)
    cards_red = models.PositiveSmallIntegerField(_("红牌"), default=0)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件统计事实")
        verbose_name_plural = _("办件统计事实")
        indexes = [
            models.Index(fields=["received_date"], name="stats_casefact_received_idx"),
            models.Index(fields=["intake_date"], name="stats_casefact_intake_idx"),
            # Day first: a filter on a department or item within a period uses them, while a table
            # over a long period is not tempted into reading the whole ledger in key order.
            models.Index(fields=["completed_date", "department"], name="stats_casefact_completed_idx"),
            models.Index(fields=["completed_date", "item"], name="stats_casefact_item_idx"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}"


class StepFact(models.Model):
    """One row per finished step task (a send-back loop runs a step again: one row each time)."""

    task_id = models.BigIntegerField(_("流程任务"), primary_key=True)
    case = models.ForeignKey(Case, verbose_name=_("办件"), on_delete=models.CASCADE, db_constraint=False,
                             db_index=False, related_name="+")
    step = models.CharField(_("环节"), max_length=20)
    staff = _dimension(settings.AUTH_USER_MODEL, _("办理人"), null=True, blank=True)
    department = _dimension(Department, _("部门"))
    item = _dimension(ServiceItem, _("事项"))
    centre = _dimension(ServiceCentre, _("服务中心"), null=True, blank=True)
    date = models.DateField(_("完成日期"))
    budget_days = models.PositiveIntegerField(_("环节时限（工作日）"), null=True, blank=True)
    days_used = models.PositiveIntegerField(_("已用工作日（不含暂停）"), null=True, blank=True)
    on_time = models.BooleanField(_("按时完成"), default=False)
    early = models.BooleanField(_("提前完成"), default=False)
    overdue = models.BooleanField(_("超时完成"), default=False)
    sent_back = models.BooleanField(_("退回"), default=False)
    accepted = models.BooleanField(_("受理"), default=False)
    refused = models.BooleanField(_("不予受理"), default=False)
    cards_yellow = models.PositiveSmallIntegerField(_("黄牌"), default=0)
    cards_red = models.PositiveSmallIntegerField(_("红牌"), default=0)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)

    class Meta:
        verbose_name = _("环节统计事实")
        verbose_name_plural = _("环节统计事实")
        indexes = [
            models.Index(fields=["date", "staff"], name="stats_stepfact_date_idx"),
            models.Index(fields=["case"], name="stats_stepfact_case_idx"),
        ]

    def __str__(self) -> str:
        return f"task {self.task_id}"


class Measures(models.Model):
    """The additive measures of a rollup row; `hist` counts completed cases by working days used."""

    received = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    days_n = models.PositiveIntegerField(default=0)
    days_sum = models.BigIntegerField(default=0)
    hist = models.JSONField(default=list)
    send_backs = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)
    cards_yellow = models.PositiveIntegerField(default=0)
    cards_red = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    refreshed = models.BigIntegerField(default=0)  # the sweep run that wrote the row (stale rows: deleted)

    class Meta:
        abstract = True


class DailyRollup(Measures):
    """Day × department × item × centre: received, accepted and refused by the day they happened;
    completion figures, cards, send-backs, extensions and ratings by the day the case completed."""

    day = models.DateField()
    department_id = models.IntegerField()
    item_id = models.IntegerField()
    centre_id = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        constraints = [models.UniqueConstraint(fields=["day", "department_id", "item_id", "centre_id"],
                                               name="stats_daily_one_row_per_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.item_id}/{self.centre_id}"


class MonthlyRollup(Measures):
    """Month × one dimension (department, item or centre): the whole-month tables, from the daily rows."""

    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=10)
    key = models.IntegerField()

    class Meta:
        verbose_name = _("每月统计")
        verbose_name_plural = _("每月统计")
        constraints = [models.UniqueConstraint(fields=["month", "dimension", "key"],
                                               name="stats_monthly_one_row_per_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension} {self.key}"


class RollupDirtyDay(models.Model):
    """A day whose facts changed since its rollup rows were computed; the sweep recomputes it."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("待重算统计日")
        verbose_name_plural = _("待重算统计日")

    def __str__(self) -> str:
        return str(self.day)


class RollupDirtyMonth(models.Model):
    """A month whose daily rows changed since its monthly rows were computed."""

    month = models.DateField(unique=True)
    marked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("待重算统计月")
        verbose_name_plural = _("待重算统计月")

    def __str__(self) -> str:
        return str(self.month)
