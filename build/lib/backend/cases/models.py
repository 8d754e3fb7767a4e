"""Cases (办件): who applied for what, through which channel, and everything that happened."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import ServiceCentre
from backend.catalog.models import GuideVersion, MaterialRequirement, ProcessVersion, ServiceItem


def materials_storage():
    """Private storage outside any served directory (settings.STORAGES["materials"])."""
    return storages["materials"]


class Case(models.Model):
    class Channel(models.TextChoices):
        WINDOW = "window", _("窗口")
        ONLINE = "online", _("网上")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("待补正")
        REFUSED = "refused", _("不予受理")
        IN_PROGRESS = "in_progress", _("办理中")
        COMPLETED = "completed", _("已办结")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("准予许可")
        DENIED = "denied", _("不予许可")

    class ApplicantType(models.TextChoices):
        PERSON = "person", _("自然人")
        COMPANY = "company", _("法人或其他组织")

    number = models.CharField(_("办件编号"), max_length=32, unique=True)
    query_code = models.CharField(_("查询码"), max_length=8)
    item = models.ForeignKey(ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases")
    guide = models.ForeignKey(GuideVersion, verbose_name=_("办事指南版本"), on_delete=models.PROTECT)
    # The process version the case was filed under and finishes on (null: filed before versions).
    process_version = models.ForeignKey(ProcessVersion, verbose_name=_("流程版本"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, blank=True)

    applicant_type = models.CharField(_("申请人类型"), max_length=10, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人名称"), max_length=200)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=11)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="applied_cases",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL,
        related_name="filed_cases",
    )
    service_centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), null=True, blank=True, on_delete=models.SET_NULL
    )
    process = models.OneToOneField(
        "viewflow.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )

    filed_at = models.DateTimeField(_("申请时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    missing_materials = models.JSONField(_("需补正材料"), default=list, blank=True)
    status_reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "item"]),
            models.Index(fields=["applicant_user", "-filed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="completed") | ~models.Q(decision=""),
                name="case_completed_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """One entry of a case's timeline: who did what, when, and why."""

    class Kind(models.TextChoices):
        FILED = "filed", _("申请")
        MATERIAL_UPLOADED = "material_uploaded", _("上传材料")
        MATERIAL_REMOVED = "material_removed", _("移除材料")
        ACCEPTED = "accepted", _("受理")
        REFUSED = "refused", _("不予受理")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("一次性告知补正")
        RESUBMITTED = "resubmitted", _("补正后重新提交")
        CLAIMED = "claimed", _("签收")
        REVIEWED = "reviewed", _("审查")
        INSPECTED = "inspected", _("现场核查")
        AGREED = "agreed", _("同意")
        RECOMMENDED_APPROVAL = "recommended_approval", _("建议准予")
        RECOMMENDED_DENIAL = "recommended_denial", _("建议不予")
        STEP_DONE = "step_done", _("完成")
        SENT_BACK = "sent_back", _("退回")
        PUBLICITY_STARTED = "publicity_started", _("公示开始")
        REASSIGNED = "reassigned", _("转办")
        APPROVED = "approved", _("准予许可")
        DENIED = "denied", _("不予许可")
        COMPLETED = "completed", _("办结")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices)
    step = models.CharField(_("环节"), max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # The actor's title (or role) when they acted, as the timeline shows it: titles change later.
    actor_title = models.CharField(_("职务或角色"), max_length=60, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    requirement = models.ForeignKey(
        MaterialRequirement, verbose_name=_("对应清单材料"), null=True, blank=True, on_delete=models.SET_NULL
    )
    file = models.FileField(upload_to="materials/%Y/%m/", storage=materials_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField()
    # Removed or replaced files stay (the record, downloadable by staff); they no longer count.
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("移除人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    removal_reason = models.CharField(_("移除原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申请材料文件")
        verbose_name_plural = _("申请材料文件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CaseNumberCounter(models.Model):
    """Per-day sequence for readable case numbers; incremented under a row lock."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
