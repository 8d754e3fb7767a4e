"""The disclosure catalogue (政府信息公开目录): columns (栏目) in a tree, each kept current by its
responsible unit, and the documents the unit publishes into them through review (审核) and the
head's sign-off (审签). What the public sees is the disclosure app's Publication rows (kind
"document"), never these tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import materials_storage


class Column(models.Model):
    class Kind(models.TextChoices):
        DYNAMIC = "dynamic", _("动态")
        STATIC = "static", _("静态")

    class DayKind(models.TextChoices):
        WORKING = "working", _("工作日")
        CALENDAR = "calendar", _("自然日")

    parent = models.ForeignKey("self", verbose_name=_("上级栏目"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    code = models.SlugField(_("栏目代码"), max_length=40, unique=True)
    name = models.CharField(_("栏目名称"), max_length=100)
    position = models.PositiveIntegerField(_("排序"), default=0)
    department = models.ForeignKey(Department, verbose_name=_("责任单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="catalogue_columns")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="catalogue_columns")
    kind = models.CharField(_("栏目类型"), max_length=10, choices=Kind.choices, default=Kind.DYNAMIC)
    update_every_days = models.PositiveSmallIntegerField(_("更新频率（天）"), null=True, blank=True,
                                                         help_text=_("静态栏目留空。"))
    day_kind = models.CharField(_("天数口径"), max_length=10, choices=DayKind.choices, default=DayKind.WORKING)
    is_pilot = models.BooleanField(_("试点栏目"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    requires_interpretation = models.BooleanField(
        _("政策栏目（须配政策解读）"), default=False,
        help_text=_("勾选后，本栏目新拟的文件默认须同步报送政策解读（谁起草谁解读）。"))
    last_published_at = models.DateTimeField(_("最近更新时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公开目录栏目")
        verbose_name_plural = _("公开目录栏目")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """One document of a column. A correction (更正) is a new version of the same document: the
    public page keeps one subject (`key`), the disclosure app supersedes the older publication.
    A policy interpretation (政策解读) is a Document too, in an interpretation column, that
    `interprets` its policy; the policy's unit drafts, reviews and signs it off (谁起草谁解读).
    See backend/directory/interpretations.py."""

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("待审核")
        AWAITING_SIGN_OFF = "awaiting_sign_off", _("待审签")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")

    class InterpretationForm(models.TextChoices):
        TEXT = "text", _("文字解读")
        QA = "qa", _("问答解读")
        GRAPHIC = "graphic", _("图解")
        VIDEO = "video", _("视频解读")

    column = models.ForeignKey(Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuing_organ = models.CharField(_("发文机关"), max_length=100)
    written_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    body = models.TextField(_("正文"))
    topic = models.CharField(_("主题分类"), max_length=40, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    correction_reason = models.TextField(_("更正理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("最后修改时间"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审签人"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    needs_interpretation = models.BooleanField(_("须配政策解读"), default=False)
    interprets = models.ForeignKey("self", verbose_name=_("所解读的政策"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="interpretations")
    interpretation_form = models.CharField(_("解读形式"), max_length=10, choices=InterpretationForm.choices,
                                           blank=True)
    interpreted_on = models.DateField(_("解读日期"), null=True, blank=True)
    service_items = models.ManyToManyField("catalog.ServiceItem", verbose_name=_("相关事项"), blank=True,
                                           related_name="catalogue_documents")

    class Meta:
        verbose_name = _("公开目录文件")
        verbose_name_plural = _("公开目录文件")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["column", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        """The stable subject of its publications (every version)."""
        return f"doc-{self.pk}"


class DocumentEvent(models.Model):
    """Every write on a document, with who, when and the opinion or reason (a return's reasons)."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("拟稿")
        UPDATED = "updated", _("修改")
        SUBMITTED = "submitted", _("提交审核")
        REVIEWED = "reviewed", _("审核通过")
        SIGNED_OFF = "signed_off", _("审签通过并公开")
        RETURNED = "returned", _("退回")
        WITHDRAWN = "withdrawn", _("撤回")
        CORRECTED = "corrected", _("更正")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.TextField(_("意见"), blank=True)
    version = models.PositiveIntegerField(_("版本"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("公开目录文件记录")
        verbose_name_plural = _("公开目录文件记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind}"


class DocumentAttachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="directory/%Y/%m/", storage=materials_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("公开目录文件附件")
        verbose_name_plural = _("公开目录文件附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
