"""Certificates (证书, 制证) and delivery records (送达): the results a decided case hands over.

A certificate is issued once per approved case at its 制证 step, numbered by the item's pattern
(numbering.py) from a counter per pattern and year; it may later be revoked (撤销) with a reason,
which stays on record. A delivery record says how the decision (and certificate) reached the
applicant: window pickup, post or electronically, when, to whom, and its proof.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.cases.models import Case, materials_storage
from backend.catalog.models import ServiceItem

from . import numbering, rules


class CertificatePattern(models.Model):
    """How an item's certificates are numbered (and named); an item without one uses
    numbering.DEFAULT_PATTERN and the item's name."""

    item = models.OneToOneField(ServiceItem, verbose_name=_("事项"), on_delete=models.CASCADE,
                                related_name="certificate_pattern")
    title = models.CharField(_("证照名称"), max_length=100, blank=True,
                             help_text=_("如“建设工程规划许可证”；不填则用事项名称。"))
    pattern = models.CharField(
        _("证书编号规则"), max_length=numbering.MAX_LENGTH, default=numbering.DEFAULT_PATTERN,
        help_text=_("占位符：{year} 发证年份，{seq} 年度顺序号（{seq:05d} 补零到 5 位），{item} 事项编码，"
                    "{dept} 部门代码。例如：浙临建规字〔{year}〕第{seq:05d}号。"),
    )

    class Meta:
        verbose_name = _("证书编号规则")
        verbose_name_plural = _("证书编号规则")
        ordering = ["item"]

    def __str__(self) -> str:
        return f"{self.item.name}: {self.pattern}"

    def clean(self) -> None:
        super().clean()
        errors = numbering.pattern_errors(self.pattern)
        if errors:
            raise ValidationError({"pattern": errors})


class CertificateCounter(models.Model):
    """The last sequence number drawn in a number series (numbering.series: the pattern with the
    item's and department's codes filled in) in a year (0: a pattern without {year}); incremented
    under a row lock, so two issuances never draw the same number."""

    series = models.CharField(max_length=numbering.MAX_LENGTH * 2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="certificate_counter_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        NOT_YET_VALID = "not_yet_valid", _("尚未生效")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已撤销")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="certificate")
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT,
                             related_name="certificates")
    title = models.CharField(_("证照名称"), max_length=200)
    number = models.CharField(_("证书编号"), max_length=numbering.MAX_LENGTH * 2, unique=True)
    holder = models.CharField(_("持证人"), max_length=rules.HOLDER_MAX_LENGTH)
    scope = models.TextField(_("许可范围"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("空：长期有效"))
    issued_at = models.DateTimeField(_("发证时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("制证人"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revocation_reason = models.TextField(_("撤销理由"), blank=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["item", "-issued_at"]), models.Index(fields=["holder"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True)
                                   | models.Q(valid_until__gte=models.F("valid_from")),
                                   name="certificate_validity_in_order"),
            models.CheckConstraint(condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                                   name="certificate_revocation_has_reason"),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: date) -> str:
        """The certificate's state on `day` (a revocation counts from its day, Asia/Shanghai)."""
        if self.revoked_at is not None and timezone.localdate(self.revoked_at) <= day:
            return self.Status.REVOKED
        if day < self.valid_from:
            return self.Status.NOT_YET_VALID
        if self.valid_until is not None and day > self.valid_until:
            return self.Status.EXPIRED
        return self.Status.VALID


class DeliveryRecord(models.Model):
    """送达: how, when and to whom the decision was delivered, with its proof."""

    class Method(models.TextChoices):
        WINDOW = rules.WINDOW, _("窗口领取")
        POST = rules.POST, _("邮寄")
        ELECTRONIC = rules.ELECTRONIC, _("电子送达")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="delivery")
    method = models.CharField(_("送达方式"), max_length=12, choices=Method.choices)
    delivered_on = models.DateField(_("送达日期"))
    recipient = models.CharField(_("签收人"), max_length=rules.RECIPIENT_MAX_LENGTH)
    tracking_number = models.CharField(_("邮件运单号"), max_length=rules.TRACKING_MAX_LENGTH, blank=True)
    # The signed receipt (送达回证 / postal return receipt), scanned; kept off any served path like materials.
    proof = models.FileField(_("送达回证"), upload_to="delivery/%Y/%m/", storage=materials_storage, blank=True)
    proof_name = models.CharField(_("回证文件名"), max_length=255, blank=True)
    proof_content_type = models.CharField(max_length=100, blank=True)
    proof_size = models.PositiveIntegerField(null=True, blank=True)
    proof_sha256 = models.CharField(max_length=64, blank=True)
    confirmation = models.CharField(_("送达确认信息"), max_length=rules.CONFIRMATION_MAX_LENGTH, blank=True,
                                    help_text=_("电子送达的平台回执号或申请人确认记录"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(method=rules.POST) | ~models.Q(tracking_number=""),
                                   name="delivery_post_has_tracking_number"),
            models.CheckConstraint(condition=~models.Q(method__in=rules.NEEDS_PROOF_FILE) | ~models.Q(proof=""),
                                   name="delivery_receipt_has_proof"),
            models.CheckConstraint(condition=~models.Q(method=rules.ELECTRONIC) | ~models.Q(confirmation=""),
                                   name="delivery_electronic_has_confirmation"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.method} {self.delivered_on}"
