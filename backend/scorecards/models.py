"""Monthly departmental scorecards (量化打分) and circulars (通报).

A `ScoringMethod` is data: weights, normalisation and minimum sample, versioned. A version that a
scorecard used is never edited; administrators add a new version instead. A `Scorecard` keeps the
statistics rows it was computed from beside the result, so anyone can recompute it. A `Circular`
is the month's commendations and criticisms; the supervision office's head signs it off, then
publishes it with the ranking through the disclosure channel.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import core


class ScoringMethod(models.Model):
    version = models.PositiveIntegerField(_("版本"), unique=True)
    weights = models.JSONField(_("指标权重与归一化"), help_text=_(
        "指标名 → {\"weight\": 权重, \"best\": 得满分的值, \"worst\": 得零分的值}，见 docs/scorecards.md。"))
    min_sample = models.PositiveIntegerField(_("最低样本量（办结件数）"), default=10)
    circular = models.JSONField(_("通报规则"), default=dict, blank=True, help_text=_(
        "{\"commend_top\": 3, \"commend_min_score\": 90, \"criticise_below_score\": 60}"))
    description = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True,
                                        help_text=_("发布后即用于此后计算的量化考评；未发布的版本不使用。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("量化考评办法")
        verbose_name_plural = _("量化考评办法")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("量化考评办法 第 %(v)d 版") % {"v": self.version}

    def as_core(self) -> core.Method:
        return core.Method.from_data(version=self.version, weights=self.weights, min_sample=self.min_sample,
                                     circular=self.circular)

    def clean(self):
        super().clean()
        try:
            self.as_core()
        except core.MethodInvalid as exc:
            errors: dict[str, list[str]] = {}
            for name, message in exc.problems:
                errors.setdefault(name if name in ("weights", "min_sample", "circular") else "weights",
                                  []).append(message)
            raise ValidationError(errors) from None

    @property
    def used(self) -> bool:
        return self.pk is not None and self.scorecards.exists()

    def indicator_rows(self) -> list[dict]:
        """The weights as a table for the pages: label, weight, share of the total, best and worst."""
        total = sum(float(s.get("weight", 0)) for s in self.weights.values()) or 1.0
        return [{"name": name, "label": core.INDICATORS[name].label if name in core.INDICATORS else name,
                 "weight": spec.get("weight"), "share": 100.0 * float(spec.get("weight", 0)) / total,
                 "best": spec.get("best"), "worst": spec.get("worst")}
                for name, spec in self.weights.items()]


class Scorecard(models.Model):
    month = models.DateField(_("月份"), unique=True, help_text=_("该月第一天"))
    method = models.ForeignKey(ScoringMethod, on_delete=models.PROTECT, related_name="scorecards",
                               verbose_name=_("考评办法"))
    method_version = models.PositiveIntegerField(_("办法版本"))
    input_rows = models.JSONField(_("所用统计数据"), help_text=_("统计接口按部门返回的原始数据，可据此复算。"))
    computed_rows = models.JSONField(_("得分与排名"))
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("计算人"))

    class Meta:
        verbose_name = _("月度量化考评")
        verbose_name_plural = _("月度量化考评")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def month_key(self) -> str:
        return f"{self.month:%Y-%m}"

    def score_rows(self) -> list[core.ScoreRow]:
        return [core.ScoreRow.from_dict(row) for row in self.computed_rows]


class Circular(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED_OFF = "signed_off", _("已签发")
        PUBLISHED = "published", _("已公开")

    scorecard = models.OneToOneField(Scorecard, on_delete=models.CASCADE, related_name="circular")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("标题"), max_length=200)
    # {"commended": [...], "criticised": [...]} from core.circular_entries, rebuilt with the scorecard.
    content = models.JSONField(_("表扬与批评"))
    drafted_at = models.DateTimeField(_("起草时间"))
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("签发人"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("公开人"))
    digest = models.CharField(_("签发内容摘要（SHA-256）"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-scorecard__month"]

    def __str__(self) -> str:
        return self.title
