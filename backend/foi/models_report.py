"""The annual report of government information disclosure (政府信息公开工作年度报告, art. 50): built by
backend.foi.report; its models live here so the request models stay one screenful.

A report is one year of one organ (a Department) or of the whole county (organ empty). The request
table (表三) and the 行政许可 count are computed from the records and stored with the report when it is
generated, so what is signed off is what was shown; the rest (texts, the other proactive figures,
reconsideration and litigation) is entered by the disclosure office. After sign-off the content is
fixed (a digest of it is kept); a correction reopens it as the next revision, which supersedes the
published one when it is published again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED_OFF = "signed_off", _("已审签")
        PUBLISHED = "published", _("已公开")

    year = models.PositiveSmallIntegerField(_("年度"))
    organ = models.ForeignKey(Department, verbose_name=_("机关"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="foi_reports", help_text=_("不填为全县汇总"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("修订版次"), default=1)
    correction_reason = models.TextField(_("更正理由"), blank=True)

    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # 表二 figures entered by staff: {"rules": {"issued", "repealed", "in_force"}, "normative": {…},
    # "penalty": n, "enforcement": n, "fees": "万元, up to 4 decimals"} (report.PROACTIVE_DEFAULTS)
    proactive = models.JSONField(_("主动公开（填报）"), default=dict, blank=True)
    # 表四 entered by staff: {"reconsideration"|"direct_suit"|"suit_after": {"upheld","corrected","other","pending"}}
    review = models.JSONField(_("行政复议、行政诉讼（填报）"), default=dict, blank=True)

    # Computed when generated (refreshed while a draft): 表三 {row: {column: n}} and the 行政许可 count.
    requests_table = models.JSONField(_("申请办理情况（统计）"), default=dict, blank=True)
    licensing_decisions = models.PositiveIntegerField(_("行政许可处理决定数量（统计）"), default=0)
    unclassified = models.PositiveIntegerField(_("未能归类的办结申请"), default=0)
    computed_at = models.DateTimeField(_("统计时间"))

    created_at = models.DateTimeField(_("起草时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("修改时间"))
    signed_off_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审签人"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    signer_name = models.CharField(_("审签人姓名"), max_length=100, blank=True)
    signer_title = models.CharField(_("审签人职务"), max_length=100, blank=True)
    digest = models.CharField(_("审签内容摘要（SHA-256）"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公开人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    first_published_at = models.DateTimeField(_("首次公开时间"), null=True, blank=True,
                                              help_text=_("是否在1月31日前公开以此为准"))

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "organ__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "organ"], name="foi_report_one_per_organ_year"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(organ__isnull=True),
                                    name="foi_report_one_county_year"),
        ]
        permissions = [("sign_off_annualreport", _("可以审签政府信息公开工作年度报告"))]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        """The publication subject: "2026" for the county, "2026-market" for an organ."""
        return f"{self.year}-{self.organ.code}" if self.organ_id else str(self.year)
