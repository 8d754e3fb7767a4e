"""Disclosure (政务公开) records: the outbox, what the public sees, and outbound webhook deliveries.

An `OutboxEvent` is written in the same transaction as the change that makes something public (a
guide version takes effect, a case completes, a correction, a withdrawal), so nothing from a
rolled-back transaction is ever published. The relay turns events into `Publication` rows, which
are the only source of the public pages, JSON, feeds and exports; personal data in them is already
masked. Each publication carries the key of the event that made it (unique), so two relays never
publish one event twice.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.cases.models import Case
from backend.catalog.models import GuideVersion

from .outbound import OutboundRefused, check_url


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class OutboxEvent(models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("办事指南生效")
        RESULT = "result", _("办理结果")
        CORRECTION = "correction", _("更正")
        WITHDRAWAL = "withdrawal", _("撤回")
        NOTICE = "notice", _("公示")
        SCORECARD = "scorecard", _("量化考评与通报")
        LETTER = "letter", _("来信答复")
        MAILBOX_STATS = "mailbox_stats", _("信箱统计")
        FOI_REPORT = "foi_report", _("政府信息公开工作年度报告")
        DOCUMENT = "document", _("政府信息公开目录文件")
        UNIT_SCORE = "unit_score", _("政务公开量化考评与通报")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("幂等键"), max_length=120, unique=True)
    guide = models.ForeignKey(GuideVersion, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="disclosure_events")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="disclosure_events")
    publication = models.ForeignKey("Publication", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="events")
    # Results: the masked snapshot taken at completion (with the clock figures of that moment);
    # corrections and withdrawals: the reason and any corrected fields.
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    due_at = models.DateTimeField(_("应发布时间"))
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    outcome = models.CharField(pgettext_lazy("outbox event", "处理结果"), max_length=40, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("待发布事件")
        verbose_name_plural = _("待发布事件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(processed_at__isnull=True),
                         name="outbox_pending_due"),
        ]

    def __str__(self) -> str:
        return self.key


class Publication(models.Model):
    """One version of something public: an item's guide, a case's result (decision), a 公示 notice,
    or a month's departmental ranking with its circular (backend.scorecards)."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("办事指南")
        RESULT = "result", _("办理结果")
        NOTICE = "notice", _("公示")
        SCORECARD = "scorecard", _("量化考评与通报")
        LETTER = "letter", _("来信答复")
        MAILBOX_STATS = "mailbox_stats", _("信箱统计")
        FOI_REPORT = "foi_report", _("政府信息公开工作年度报告")
        DOCUMENT = "document", _("政府信息公开目录文件")
        UNIT_SCORE = "unit_score", _("政务公开量化考评与通报")

    # Documents other apps build whole (payload: subject, title, department, dated_on, search_text):
    # the relay publishes them as they are, masked by the one policy.
    DOCUMENT_KINDS = frozenset({"letter", "mailbox_stats", "foi_report", "document", "unit_score"})

    class Status(models.TextChoices):
        PUBLISHED = "published", _("已公开")
        SUPERSEDED = "superseded", _("已被更正版本替代")
        WITHDRAWN = "withdrawn", _("已撤回")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("公开对象"), max_length=64, help_text=_("事项编码或办件编号"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    idempotency_key = models.CharField(_("幂等键"), max_length=120, unique=True)
    event = models.ForeignKey(OutboxEvent, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="publications")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    title = models.CharField(_("标题"), max_length=300)
    item_code = models.CharField(_("事项编码"), max_length=40)
    item_name = models.CharField(_("事项名称"), max_length=200)
    department_code = models.CharField(_("部门代码"), max_length=32)
    department_name = models.CharField(_("部门"), max_length=100)
    decision = models.CharField(_("决定"), max_length=10, blank=True)
    decided_on = models.DateField(_("办结日期/生效日期"), null=True, blank=True)
    payload = models.JSONField(_("公开内容（已脱敏）"), default=dict)
    digest = models.CharField(max_length=64, blank=True)
    search_text = models.TextField(blank=True)
    correction_reason = models.TextField(_("更正理由"), blank=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="superseded_by")
    published_at = models.DateTimeField(_("发布时间"))
    updated_at = models.DateTimeField(_("最后变更时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "version"], name="publication_version_unique"),
            models.UniqueConstraint(fields=["kind", "subject"], condition=models.Q(status="published"),
                                    name="publication_one_current"),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "-decided_on"]),
            models.Index(fields=["kind", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject} v{self.version}"


class WebhookSubscription(models.Model):
    """A system outside (the municipal disclosure platform, a newsroom…) that receives each event."""

    class Scope(models.TextChoices):
        ALL = "all", _("全部")
        GUIDE = "guide", _("仅办事指南")
        RESULT = "result", _("仅办理结果")
        LETTER = "letter", _("仅来信答复")
        FOI_REPORT = "foi_report", _("仅政府信息公开年度报告")
        DOCUMENT = "document", _("仅信息公开目录文件")

    class Channel(models.TextChoices):
        """What the receiver gets (backend/disclosure/channels.py)."""
        WEBHOOK = "webhook", _("推送事件（JSON）")
        ARTICLE = "article", _("政务公众号图文草稿")
        SHORT_POST = "short_post", _("政务微博短文")

    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("接收地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=128, default=new_secret,
                              help_text=_("用于 HMAC-SHA256 签名，接收方据此验证请求来源。"))
    scope = models.CharField(_("订阅范围"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    channel = models.CharField(_("发布渠道"), max_length=12, choices=Channel.choices, default=Channel.WEBHOOK,
                               help_text=_("图文草稿和短文由接收端（政务新媒体对接程序）转为账号草稿，经账号编辑发出。"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推送订阅")
        verbose_name_plural = _("推送订阅")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if not self.url:  # the field's own "required" error says it already
            return
        # No DNS here: the receiver's name may not resolve yet, and every delivery checks its addresses.
        try:
            check_url(self.url)
        except OutboundRefused as exc:
            raise ValidationError({"url": exc.reason}) from None


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        DEAD = "dead", _("失败（待人工重发）")
        CANCELED = "canceled", _("已取消（信息已撤回或已更新）")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    publication = models.ForeignKey(Publication, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="deliveries")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    body = models.TextField(_("推送内容"))
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    last_attempt_at = models.DateTimeField(_("最近尝试时间"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once_per_subscription"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"),
                         name="delivery_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.event_id} · {self.status}"
