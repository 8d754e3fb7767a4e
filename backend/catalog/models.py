"""Service items (许可和服务事项), their versioned service guides (办事指南) and process steps."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.accounts.roles import APPROVER, CLERK, REVIEWER


class ServiceItem(models.Model):
    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("即办件")
        PROMISED = "promised", _("承诺件")
        JOINT = "joint", _("联办件")

    class Category(models.TextChoices):
        """What the item's cases are. Letters and information requests run on the same process and
        clocks as applications, but their results are not decisions under 行政许可法 art. 40: they are
        published (if at all) by their own rules, and their notices speak of replies, not permits."""
        APPLICATION = "application", _("行政许可和公共服务")
        LETTER = "letter", _("来信办理")
        INFORMATION_REQUEST = "information_request", _("政府信息公开申请")

    code = models.CharField(
        _("事项编码"), max_length=40, unique=True,
        help_text=_("全国一体化政务服务平台事项编码，例如 11330000002482257Q4330117002000"),
    )
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("办件类型"), max_length=16, choices=Kind.choices, default=Kind.PROMISED)
    category = models.CharField(_("事项类别"), max_length=20, choices=Category.choices, default=Category.APPLICATION,
                                editable=False)
    department = models.ForeignKey(
        Department, verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="items"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["department__code", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class GuideVersion(models.Model):
    """One version of an item's service guide; a case keeps the version it was filed under."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="guides")
    version = models.PositiveIntegerField(_("版本号"))
    effective_from = models.DateField(_("生效日期"))
    statutory_limit_days = models.PositiveIntegerField(_("法定办结时限（工作日）"))
    promised_limit_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"))
    conditions = models.TextField(_("受理条件"), blank=True)
    process_description = models.TextField(_("办理流程"), blank=True)
    fees = models.CharField(_("收费标准"), max_length=300, default="不收费")
    place = models.CharField(_("办理地点"), max_length=300, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    enquiry_phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办事指南版本")
        verbose_name_plural = _("办事指南版本")
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="guide_version_unique"),
            models.CheckConstraint(
                condition=models.Q(promised_limit_days__lte=models.F("statutory_limit_days")),
                name="guide_promise_within_statute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} v{self.version}"

    def clean(self) -> None:
        if self.promised_limit_days is not None and self.statutory_limit_days is not None:
            if self.promised_limit_days > self.statutory_limit_days:
                raise ValidationError(
                    {"promised_limit_days": _("承诺时限不得超过法定时限。")}
                )


class LegalBasis(models.Model):
    guide = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="legal_bases")
    law = models.CharField(_("法律法规名称"), max_length=200)
    article = models.CharField(_("条款"), max_length=60, blank=True)
    text = models.TextField(_("条文内容"), blank=True)

    class Meta:
        verbose_name = _("设定依据")
        verbose_name_plural = _("设定依据")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"《{self.law}》{self.article}"


class MaterialRequirement(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("原件")
        COPY = "copy", _("复印件")
        ELECTRONIC = "electronic", _("电子件")

    guide = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(_("材料形式"), max_length=16, choices=Form.choices, default=Form.COPY)
    copies = models.PositiveIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必需"), default=True)
    sample = models.FileField(_("示范文本"), upload_to="samples/", blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One configured step of an item's approval process, with its assignee and budget. Steps run
    in `position` order (step_types.py says what each type is and does)."""

    class Step(models.TextChoices):
        ACCEPT = "accept", _("受理")
        HANDLE = "handle", _("承办")
        CHECK = "check", _("审核")
        AUTHORIZE = "authorize", _("审批")
        SIGN = "sign", _("签发")
        REVIEW = "review", _("审查")
        JOINT_REVIEW = "joint_review", _("联合审查")
        INSPECTION = "inspection", _("现场核查")
        EXPERT_REVIEW = "expert_review", _("专家评审")
        HEARING = "hearing", _("听证")
        TESTING = "testing", _("检验检测")
        PUBLICITY = "publicity", _("公示")
        COLLECTIVE = "collective", _("集体讨论")
        DECIDE = "decide", _("决定")
        CERTIFY = "certify", _("制证")
        DELIVER = "deliver", _("送达")
        COMPLETE = "complete", _("办结")

    DEFAULT_ROLES = {
        "accept": CLERK, "handle": REVIEWER, "check": REVIEWER, "authorize": APPROVER, "sign": APPROVER,
        "review": REVIEWER, "joint_review": REVIEWER, "inspection": REVIEWER, "expert_review": REVIEWER,
        "hearing": REVIEWER, "testing": REVIEWER, "publicity": REVIEWER, "collective": APPROVER,
        "decide": APPROVER, "certify": CLERK, "deliver": CLERK, "complete": CLERK,
    }

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("顺序"), default=0)
    step = models.CharField(_("环节"), max_length=20, choices=Step.choices)
    department = models.ForeignKey(Department, verbose_name=_("承办部门"), on_delete=models.PROTECT)
    role = models.CharField(_("承办角色"), max_length=20, choices=[
        (CLERK, _("窗口人员")), (REVIEWER, _("审核人员")), (APPROVER, _("审批人员")),
    ])
    budget_days = models.PositiveIntegerField(
        _("环节时限"), default=1, validators=[MinValueValidator(0)],
        help_text=_("工作日；公示环节可按自然日（见“计日方式”）"),
    )
    post = models.CharField(
        _("指定职务"), max_length=60, blank=True,
        help_text=_("填写后只有担任该职务（与用户的“职务”一致）的人员可以办理，例如 分管副局长；"
                    "不填则该部门该角色的人员均可办理"),
    )
    day_kind = models.CharField(_("计日方式"), max_length=10, default="working", choices=[
        ("working", _("工作日")), ("calendar", _("自然日")),
    ])

    class Meta:
        verbose_name = _("流程环节")
        verbose_name_plural = _("流程环节")
        ordering = ["item", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.department}"

    @classmethod
    def label_for(cls, step: str) -> str:
        """A step type's name in the active language; an unknown code as it is."""
        try:
            return str(cls.Step(step).label)
        except ValueError:
            return step or ""


class ProcessVersion(models.Model):
    """A published version of an item's process (流程版本): the configured steps frozen when an
    administrator publishes them. A case pins the version it was filed under and finishes on it;
    editing the steps (the draft, ProcessStep rows) or publishing again never changes it."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="process_versions")
    version = models.PositiveIntegerField(_("版本号"))
    steps = models.JSONField(_("环节"), help_text=_("发布时的环节配置（按顺序）"))
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    # The departments its steps name: whose staff see the cases running on it (cases.selectors).
    departments = models.ManyToManyField(Department, verbose_name=_("参与部门"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("流程版本")
        verbose_name_plural = _("流程版本")
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="process_version_unique")]

    def __str__(self) -> str:
        return f"{self.item.name} · 流程 v{self.version}"
