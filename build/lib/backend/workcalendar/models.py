"""Versioned working-day calendar (工作日历): only exceptions to the weekday rule are stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarVersion(models.Model):
    """One published change to the calendar: a State Council notice (国务院办公厅通知) or a local closure.

    The effective calendar is the union of all versions; for a date listed by several versions the
    highest `number` wins. Every year in `years` is official: its unlisted days follow Mon–Fri work,
    Sat/Sun rest. Other years from 2025 on are provisional (statutory.py); closures a version lists
    for them apply on top of the statutory rule.
    """

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    source = models.CharField(
        _("来源"), max_length=200, help_text=_("文件名、国务院办公厅通知文号或数据包版本")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # A default rather than auto_now_add so that data migrations and tests may set it explicitly.
    created_at = models.DateTimeField(_("导入时间"), default=timezone.now)
    note = models.TextField(_("备注"), blank=True)
    years = models.JSONField(_("正式覆盖年份"), default=list,
                             help_text=_("此版本给出正式节假日安排（放假、调休上班）的年份"))
    # Set once every clock has been re-projected against this version; until then the periodic sweep
    # (and `tongban supervision reproject`) runs it, so a crash after the import loses nothing.
    reprojected_at = models.DateTimeField(_("重新推算时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = _("日历版本")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.source}"

    @property
    def years_display(self) -> str:
        years = sorted(self.years)
        if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
            return f"{years[0]}–{years[-1]}"
        return ", ".join(str(y) for y in years)


class CalendarDay(models.Model):
    """A date that departs from the weekday rule in one version."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")
        CLOSURE = "closure", _("本地停止办公")

    version = models.ForeignKey(CalendarVersion, verbose_name=_("版本"), on_delete=models.CASCADE,
                                related_name="days")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("日历例外日")
        verbose_name_plural = _("日历例外日")
        ordering = ["version__number", "date"]
        constraints = [
            models.UniqueConstraint(fields=["version", "date"], name="workcalendar_day_once_per_version")
        ]
        indexes = [models.Index(fields=["date"], name="workcalendar_day_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()
