"""Letters (来信) to the county-head mailbox (县长信箱) and department mailboxes.

A letter is a case (backend.cases) of its mailbox's catalog item, run by the generic process:
screening by the mailbox office (受理), drafting by the responsible department (承办), the head's
sign-off (审签), after which the reply goes to the writer. Its number, query code, clock, cards,
orders, statistics facts and timeline are the case's. This app keeps what only a letter has.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.cases.models import Case, materials_storage
from backend.catalog.models import ServiceItem


class LetterType(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    HELP = "help", _("求助")
    REPORT = "report", _("举报")


STATUS_LABELS = {
    Case.Status.SUBMITTED: _("待受理"),
    Case.Status.REFUSED: _("不予受理"),
    Case.Status.IN_PROGRESS: _("办理中"),
    Case.Status.COMPLETED: _("已答复"),
}


class Mailbox(models.Model):
    class Kind(models.TextChoices):
        COUNTY_HEAD = "county_head", _("县长信箱")
        DEPARTMENT = "department", _("部门信箱")

    code = models.SlugField(_("信箱代码"), max_length=40, unique=True)
    name = models.CharField(_("信箱名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.COUNTY_HEAD)
    # The catalog item whose published process handles the letters; its department is the mailbox
    # office that screens them.
    item = models.OneToOneField(ServiceItem, verbose_name=_("对应事项"), on_delete=models.PROTECT,
                                related_name="mailbox")
    intro = models.TextField(_("说明"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ReplyLimit(models.Model):
    """The reply limit in working days per letter type (the county's rule; administrators edit it).
    A letter takes the limit in force when it is assigned; later edits do not change its clock."""

    letter_type = models.CharField(_("来信类型"), max_length=20, choices=LetterType.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))

    class Meta:
        verbose_name = _("答复时限")
        verbose_name_plural = _("答复时限")
        ordering = ["days", "letter_type"]

    def __str__(self) -> str:
        return f"{self.get_letter_type_display()} {self.days}"


class Letter(models.Model):
    class NotAccepted(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("不属于本信箱受理范围")
        OTHER_CHANNEL = "other_channel", _("已进入诉讼、仲裁、行政复议或信访程序")
        NO_CONTENT = "no_content", _("无实质内容")

    class Classification(models.TextChoices):
        CONSTRUCTIVE = "constructive", _("建设性意见建议")
        DIFFICULTY = "difficulty", _("反映实际困难")
        MISUNDERSTANDING = "misunderstanding", _("误解")
        WRONG_VIEW = "wrong_view", _("错误观点")
        FALSE_REPORT = "false_report", _("不实举报")
        GENERAL = "general", _("一般咨询或诉求")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        ANSWERED = "answered", _("答复说明")
        RESOLVED = "resolved", _("已解决或提出解决办法")
        EXPLAINED = "explained", _("解释说明")
        CORRECTED = "corrected", _("澄清纠正")
        REFERRED = "referred", _("答复并移送公安机关")

    case = models.OneToOneField(Case, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="letter")
    mailbox = models.ForeignKey(Mailbox, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="letters")
    letter_type = models.CharField(_("来信类型"), max_length=20, choices=LetterType.choices)
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("来信内容"))
    writer_name = models.CharField(_("姓名"), max_length=60)
    mobile = models.CharField(_("手机号码"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True)
    may_publish = models.BooleanField(_("同意公开"), default=False)
    received_at = models.DateTimeField(_("来信时间"))
    # The case a complaint is about (投诉办件): the number the writer gave, and the case the mailbox
    # office linked at screening.
    about_case_number = models.CharField(_("所投诉的办件编号"), max_length=32, blank=True)
    about_case = models.ForeignKey(Case, verbose_name=_("所投诉的办件"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="complaint_letters")
    # A follow-up letter (重办) opened when the writer was not satisfied; at most one per letter.
    follow_up_of = models.OneToOneField("self", verbose_name=_("原来信"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="follow_up")
    reopen_reason = models.TextField(_("重办理由"), blank=True)

    # Screening (受理甄别) and assignment (交办).
    not_accepted_reason = models.CharField(_("不予受理原因"), max_length=20, choices=NotAccepted.choices, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("承办部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="letters")
    reply_limit_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)

    # The department's draft (承办), then the reply released at sign-off.
    classification = models.CharField(_("问题定性"), max_length=20, choices=Classification.choices, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    draft_text = models.TextField(_("答复草稿"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField(_("拟稿时间"), null=True, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply_working_days = models.PositiveSmallIntegerField(_("答复用时（工作日）"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    published = models.BooleanField(_("已安排公开"), default=False)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["department", "received_at"]),
            models.Index(fields=["mailbox", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.subject}"

    @property
    def number(self) -> str:
        return self.case.number

    @property
    def status_label(self) -> str:
        """The case's status as the mailbox names it (待受理, 不予受理, 办理中, 已答复)."""
        return str(STATUS_LABELS.get(self.case.status, self.case.get_status_display()))


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="letters/%Y/%m/", storage=materials_storage)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("来信附件")
        verbose_name_plural = _("来信附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class LetterRelease(models.Model):
    """The head's sign-off (审签) of a reply: who, when, opinion, and the SHA-256 of the exact text
    released. Never edited; kept for inspection."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="releases")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审签人"), on_delete=models.PROTECT,
                                  related_name="+")
    signer_title = models.CharField(_("审签人职务"), max_length=60, blank=True)
    signed_at = models.DateTimeField(_("审签时间"))
    opinion = models.TextField(_("审签意见"), blank=True)
    classification = models.CharField(_("问题定性"), max_length=20, choices=Letter.Classification.choices)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Letter.Outcome.choices)
    text = models.TextField(_("签发文本"))
    sha256 = models.CharField(_("文本 SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("答复审签记录")
        verbose_name_plural = _("答复审签记录")
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.sha256[:12]}"


class LetterNotice(models.Model):
    """What the writer was told (受理告知, 不予受理告知, 答复): a record per message, by SMS to the
    mobile (and e-mail when given); the tracking page shows the same."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("收信回执")
        NOT_ACCEPTED = "not_accepted", _("不予受理告知")
        ACCEPTED = "accepted", _("受理告知")
        TRANSFERRED = "transferred", _("转办告知")
        REPLY = "reply", _("答复")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    mobile = models.CharField(_("手机号码"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("来信告知记录")
        verbose_name_plural = _("来信告知记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.kind}"


class LetterTransfer(models.Model):
    """转办: the letter moved to another department; the original clock runs on."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="transfers")
    from_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("转办理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.to_department_id}"


class PoliceReferral(models.Model):
    """A false report that may be unlawful (诬告陷害, 《治安管理处罚法》, 《刑法》第二百四十三条):
    the record of its referral to the public-security organ, made at sign-off."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="referral")
    organ = models.CharField(_("移送机关"), max_length=100)
    reason = models.TextField(_("移送理由"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("移送公安机关记录")
        verbose_name_plural = _("移送公安机关记录")

    def __str__(self) -> str:
        return f"{self.letter_id} {self.organ}"


class MailboxStatsRun(models.Model):
    """One row per mailbox and month whose statistics were scheduled for publication (the job is
    idempotent: a second run finds the row and does nothing)."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="stats_runs")
    month = models.DateField(_("月份（首日）"))
    figures = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("信箱月度统计发布")
        verbose_name_plural = _("信箱月度统计发布")
        constraints = [models.UniqueConstraint(fields=["mailbox", "month"], name="mailbox_stats_run_once")]

    def __str__(self) -> str:
        return f"{self.mailbox_id} {self.month:%Y-%m}"
