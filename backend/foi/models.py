"""Information requests (依申请公开, 政府信息公开条例 2019 arts. 27–45).

A request is a case (backend.cases) of an information-request item, run by the generic process, so
its clock, cards, orders, statistics and timeline are the ones every case has. This app keeps what
only a request has: who asked for what in which form, the receipt date of art. 31, the 补正 notice of
art. 30, the consultations of art. 32 (not counted), and the reply of arts. 36–37 with its document.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import Case


def documents_storage():
    """Private storage, like case materials: replies name the applicant."""
    return storages["materials"]


class InfoRequest(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        POST = "post", _("信函申请")
        IN_PERSON = "in_person", _("当面申请")

    class OrganisationKind(models.TextChoices):
        """The applicant columns of the national annual-report template."""
        COMMERCIAL = "commercial", _("商业企业")
        RESEARCH = "research", _("科研机构")
        PUBLIC_INTEREST = "public_interest", _("社会公益组织")
        LEGAL_SERVICE = "legal_service", _("法律服务机构")
        OTHER = "other", _("其他")

    class Form(models.TextChoices):
        PAPER = "paper", _("纸质")
        ELECTRONIC = "electronic", _("电子文档")
        DISC = "disc", _("光盘、磁盘等存储介质")
        OTHER = "other", _("其他")

    class DeliveryWay(models.TextChoices):
        POST = "post", _("邮寄")
        EMAIL = "email", _("电子邮件")
        PICKUP = "pickup", _("当面领取")
        ONLINE = "online", _("网上获取")

    class ReplyType(models.TextChoices):
        """The reply types of arts. 36–37 (and what the annual report counts them as)."""
        ALREADY_PUBLIC = "already_public", _("已主动公开，告知获取方式和途径")
        GRANTED = "granted", _("予以公开")
        PARTLY_GRANTED = "partly_granted", _("部分公开")
        REFUSED = "refused", _("不予公开")
        NOT_HELD = "not_held", _("本机关不掌握相关政府信息")
        NOT_THIS_ORGAN = "not_this_organ", _("不属于本机关负责公开")
        REPEAT = "repeat", _("重复申请")
        OTHER_CHANNEL = "other_channel", _("告知通过其他途径办理")
        WITHDRAWN = "withdrawn", _("逾期未补正，视为放弃申请")

    class Ground(models.TextChoices):
        """The finer rows of the annual report's table 3 under 不予公开 / 无法提供 / 不予处理 / 其他处理,
        each with the article it rests on."""
        STATE_SECRET = "state_secret", _("属于国家秘密（第十四条）")
        LAW_FORBIDS = "law_forbids", _("其他法律行政法规禁止公开（第十四条）")
        SECURITY_STABILITY = "security_stability", _("危及“三安全一稳定”（第十四条）")
        THIRD_PARTY = "third_party", _("保护第三方合法权益（第十五条）")
        INTERNAL_AFFAIRS = "internal_affairs", _("属于三类内部事务信息（第十六条）")
        PROCESS_INFO = "process_info", _("属于四类过程性信息（第十六条）")
        ENFORCEMENT_FILE = "enforcement_file", _("属于行政执法案卷（第十六条）")
        QUERY_MATTER = "query_matter", _("属于行政查询事项")
        NOT_HELD = "not_held", _("本机关不掌握相关政府信息")
        NEEDS_CREATING = "needs_creating", _("没有现成信息需要另行制作")
        STILL_UNCLEAR = "still_unclear", _("补正后申请内容仍不明确")
        PETITION = "petition", _("信访举报投诉类申请")
        REPEAT = "repeat", _("重复申请")
        PUBLICATION = "publication", _("要求提供公开出版物")
        MASS_REPEATED = "mass_repeated", _("无正当理由大量反复申请")
        CONFIRMATION = "confirmation", _("要求行政机关确认或重新出具已获取信息")
        NO_SUPPLEMENT = "no_supplement", _("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
        FEE_UNPAID = "fee_unpaid", _("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
        OTHER = "other", _("其他")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="info_request")
    organ = models.ForeignKey(Department, verbose_name=_("受理机关"), on_delete=models.PROTECT,
                              related_name="info_requests")
    channel = models.CharField(_("申请方式"), max_length=12, choices=Channel.choices)
    organisation_kind = models.CharField(_("法人或其他组织类型"), max_length=16, choices=OrganisationKind.choices,
                                         blank=True, help_text=_("申请人为自然人时不填"))
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    form = models.CharField(_("信息的指定提供载体形式"), max_length=12, choices=Form.choices)
    delivery_way = models.CharField(_("获取信息的方式"), max_length=12, choices=DeliveryWay.choices)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    # Art. 31: in person, the day submitted; by post, the day the organ signed for it (or, for an
    # ordinary letter, the day it confirmed with the applicant); online, the day both confirmed.
    received_on = models.DateField(_("收到申请之日"))
    received_basis = models.CharField(_("收到申请之日的认定"), max_length=100)
    registered_at = models.DateTimeField(_("登记时间"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    # 补正 (art. 30): one notice within 7 working days of receipt; the term restarts on the answer.
    supplement_requested_at = models.DateTimeField(_("补正告知时间"), null=True, blank=True)
    supplement_request = models.TextField(_("补正事项"), blank=True)
    supplement_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    supplement_answered_at = models.DateTimeField(_("补正时间"), null=True, blank=True)
    supplement_answer = models.TextField(_("补正内容"), blank=True)

    reply_type = models.CharField(_("答复类型"), max_length=16, choices=ReplyType.choices, blank=True)
    reply_ground = models.CharField(_("答复依据（年报分项）"), max_length=20, choices=Ground.choices, blank=True)
    reply_data = models.JSONField(_("答复要素"), default=dict, blank=True,
                                  help_text=_("公开途径、不予公开的条款、负责公开的机关等，随答复类型而定"))
    reply_text = models.TextField(_("答复书正文"), blank=True)
    reply_pdf = models.FileField(_("答复书"), upload_to="foi/replies/%Y/", storage=documents_storage, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Online requests: received_on is the filing day until the organ confirms (art. 31 item 3).
    received_confirmed_at = models.DateTimeField(_("确认收到时间"), null=True, blank=True)
    reply_pdf_sha256 = models.CharField(_("答复书摘要"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审签人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["organ", "received_on"])]

    def __str__(self) -> str:
        return self.case.number


class Consultation(models.Model):
    """Opinions sought from a third party (art. 32, 15 working days) or another organ (art. 33):
    the time is not counted, as a suspension of the request's clocks."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("征求第三方意见")
        ORGAN = "organ", _("征求其他机关意见")

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    party = models.CharField(_("征求意见对象"), max_length=200)
    sent_at = models.DateTimeField(_("发出时间"))
    due_on = models.DateField(_("答复期限"))
    answered_at = models.DateTimeField(_("收到意见时间"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    lapsed = models.BooleanField(_("逾期未提出意见"), default=False)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.party}"


class ReplyTemplate(models.Model):
    """The county's model reply (依申请公开答复示范文本) for one reply type, editable by
    administrators; placeholders are filled from the request when a reply is drafted."""

    reply_type = models.CharField(_("答复类型"), max_length=16, choices=InfoRequest.ReplyType.choices, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("可用占位符见文档 docs/foi.md"))
    updated_at = models.DateTimeField(_("修改时间"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("答复示范文本")
        verbose_name_plural = _("答复示范文本")
        ordering = ["reply_type"]

    def __str__(self) -> str:
        return self.title


class OrganProfile(models.Model):
    """What a reply letter prints about the organ (机关名称、地址、电话) and who heads its disclosure
    office (the office head approves an extension and signs the reply off, art. 33)."""

    organ = models.OneToOneField(Department, verbose_name=_("机关"), on_delete=models.CASCADE,
                                 related_name="foi_profile")
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_head = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("政府信息公开工作机构负责人"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("批准延期、审签答复；不填为本机关（部门）负责人"))
    reconsideration_organ = models.CharField(_("行政复议机关"), max_length=100, blank=True)
    court = models.CharField(_("管辖人民法院"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("机关信息（依申请公开）")
        verbose_name_plural = _("机关信息（依申请公开）")

    def __str__(self) -> str:
        return str(self.organ)


class ReplyFile(models.Model):
    """A file provided with a reply (the information granted, art. 36 items 2–3)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="foi/files/%Y/", storage=documents_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("提供的政府信息文件")
        verbose_name_plural = _("提供的政府信息文件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


from .models_report import *  # noqa: E402, F401, F403  (the annual report's models)
