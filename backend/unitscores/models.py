"""Disclosure unit scores (政务公开量化打分) and their circulars (通报).

A `DisclosureMethod` is data: indicators with weights and best/worst values, veto items (一票否决)
and the circular's rules, versioned and published. A `DisclosureScorecard` is one period (a quarter
`2026Q4` or a year `2026`): the figures per unit it was computed from beside the scores, and the
circular drafted from them; the disclosure office's head signs it off, then publishes it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import core


class DisclosureMethod(models.Model):
    version = models.PositiveIntegerField(_("版本"), unique=True)
    indicators = models.JSONField(_("指标权重与归一化"), help_text=_(
        "指标名 → {\"weight\": 权重, \"best\": 得满分的值, \"worst\": 得零分的值}，见 docs/unitscores.md。"))
    vetoes = models.JSONField(_("一票否决项"), default=dict, blank=True, help_text=_(
        "否决项 → {\"cap\": 得分上限, \"fail\": 是否评为不合格}"))
    circular = models.JSONField(_("通报规则"), default=dict, blank=True, help_text=_(
        "{\"commend_top\": 3, \"commend_min_score\": 90, \"criticise_below_score\": 60}"))
    description = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True,
                                        help_text=_("发布后即用于此后计算的量化考评；未发布的版本不使用。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政务公开量化考评办法")
        verbose_name_plural = _("政务公开量化考评办法")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("政务公开量化考评办法 第 %(v)d 版") % {"v": self.version}

    def as_core(self) -> core.Method:
        return core.Method.from_data(version=self.version, indicators=self.indicators, vetoes=self.vetoes,
                                     circular=self.circular)

    def clean(self):
        super().clean()
        try:
            self.as_core()
        except core.MethodInvalid as exc:
            errors: dict[str, list[str]] = {}
            for name, message in exc.problems:
                errors.setdefault(name, []).append(message)
            raise ValidationError(errors) from None

    @property
    def used(self) -> bool:
        return self.pk is not None and self.scorecards.exists()

    def indicator_rows(self) -> list[dict]:
        total = sum(float(s.get("weight", 0)) for s in self.indicators.values()) or 1.0
        return [{"name": name, "label": core.INDICATORS[name] if name in core.INDICATORS else name,
                 "weight": spec.get("weight"), "share": 100.0 * float(spec.get("weight", 0)) / total,
                 "best": spec.get("best"), "worst": spec.get("worst")}
                for name, spec in self.indicators.items()]

    def veto_rows(self) -> list[dict]:
        return [{"name": name, "label": core.VETOES.get(name, name), "cap": spec.get("cap"),
                 "fail": bool(spec.get("fail"))} for name, spec in self.vetoes.items()]


class DisclosureScorecard(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED_OFF = "signed_off", _("已签发")
        PUBLISHED = "published", _("已公开")

    period = models.CharField(_("考评期"), max_length=6, unique=True, help_text=_("季度 2026Q4 或年度 2026"))
    starts_on = models.DateField(_("起始日"))
    ends_on = models.DateField(_("截止日"))
    method = models.ForeignKey(DisclosureMethod, on_delete=models.PROTECT, related_name="scorecards",
                               verbose_name=_("考评办法"))
    method_version = models.PositiveIntegerField(_("办法版本"))
    input_rows = models.JSONField(_("所用数据"), help_text=_("各单位的原始数据，可据此复算。"))
    computed_rows = models.JSONField(_("得分与排名"))
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("计算人"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("通报标题"), max_length=200)
    # {"commended": [...], "criticised": [...]}, rebuilt with the scores while a draft.
    circular = models.JSONField(_("通报表彰与批评"))
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("签发人"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("公开人"))
    digest = models.CharField(_("签发内容摘要（SHA-256）"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("政务公开量化考评")
        verbose_name_plural = _("政务公开量化考评")
        ordering = ["-starts_on", "-period"]

    def __str__(self) -> str:
        return self.period
