"""Input and output shapes of the letters API (documented in the OpenAPI schema)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from backend.cases.models import Case

from . import rules
from .models import Letter, LetterType, Mailbox


class MailboxSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="item.department.name")

    class Meta:
        model = Mailbox
        fields = ["code", "name", "kind", "intro", "office"]


class LetterWriteSerializer(serializers.Serializer):
    mailbox = serializers.CharField(max_length=40)
    letter_type = serializers.ChoiceField(choices=LetterType.choices)
    subject = serializers.CharField(max_length=rules.SUBJECT_MAX)
    body = serializers.CharField(max_length=rules.BODY_MAX)
    writer_name = serializers.CharField(max_length=60)
    mobile = serializers.CharField(max_length=11)
    email = serializers.EmailField(required=False, allow_blank=True)
    may_publish = serializers.BooleanField(required=False, default=False)
    about_case_number = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                              help_text="投诉办件时，该办件的编号")
    attachments = serializers.ListField(child=serializers.FileField(), required=False,
                                        help_text="PDF、JPEG 或 PNG，最多 5 个（multipart/form-data）")


class LetterReceiptSerializer(serializers.Serializer):
    number = serializers.CharField()
    query_code = serializers.CharField()
    status = serializers.CharField()


class LookupSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32)
    query_code = serializers.CharField(max_length=16)


class RateSerializer(LookupSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReopenSerializer(LookupSerializer):
    reason = serializers.CharField(max_length=rules.REASON_MAX)


def _deadline(letter: Letter):
    if hasattr(letter, "clock_deadline"):  # lists annotate it (selectors.with_clock_state): no query per row
        return letter.clock_deadline
    from backend.supervision.models import Clock

    return (Clock.objects.filter(case_id=letter.case_id, kind=Clock.Kind.PROMISED)
            .values_list("projected_deadline", flat=True).first())


class LetterPublicSerializer(serializers.ModelSerializer):
    """What the writer sees with number and query code: their letter, its state and the reply."""

    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    status_label = serializers.CharField()
    mailbox = serializers.CharField(source="mailbox.name")
    letter_type_label = serializers.CharField(source="get_letter_type_display")
    department = serializers.SerializerMethodField()
    not_accepted = serializers.SerializerMethodField()
    reply_due = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["number", "status", "status_label", "mailbox", "letter_type", "letter_type_label", "subject",
                  "received_at", "accepted_at", "department", "not_accepted", "reply_limit_days", "reply_due",
                  "reply_text", "replied_at", "rating", "follow_up"]

    def get_department(self, obj) -> str:
        return obj.department.name if obj.department else ""

    def get_not_accepted(self, obj) -> str:
        return obj.case.status_reason if obj.case.status == Case.Status.REFUSED else ""

    def get_reply_due(self, obj) -> str | None:
        due = _deadline(obj) if obj.accepted_at and not obj.replied_at else None
        return due.isoformat() if due else None

    def get_rating(self, obj) -> int | None:
        rating = getattr(obj.case, "rating", None) if hasattr(obj.case, "rating") else None
        return rating.score if rating else None

    def get_follow_up(self, obj) -> str | None:
        follow = getattr(obj, "follow_up", None) if hasattr(obj, "follow_up") else None
        return follow.case.number if follow else None


class LetterStaffSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    mailbox = serializers.CharField(source="mailbox.code")
    department = serializers.SerializerMethodField()
    about_case = serializers.SerializerMethodField()
    follow_up_of = serializers.SerializerMethodField()
    step = serializers.SerializerMethodField()
    reply_due = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["number", "status", "mailbox", "letter_type", "subject", "body", "writer_name", "mobile", "email",
                  "may_publish", "received_at", "department", "reply_limit_days", "accepted_at",
                  "not_accepted_reason", "about_case_number", "about_case", "follow_up_of", "classification",
                  "outcome", "draft_text", "reply_text", "replied_at", "reply_working_days", "replied_on_time",
                  "published", "step", "reply_due"]

    def get_department(self, obj) -> dict | None:
        return {"id": obj.department_id, "code": obj.department.code, "name": obj.department.name} \
            if obj.department else None

    def get_about_case(self, obj) -> str | None:
        return obj.about_case.number if obj.about_case else None

    def get_follow_up_of(self, obj) -> str | None:
        return obj.follow_up_of.case.number if obj.follow_up_of_id else None

    def get_step(self, obj) -> str | None:
        return self.context.get("steps", {}).get(obj.case.process_id)

    def get_reply_due(self, obj) -> str | None:
        due = _deadline(obj) if obj.accepted_at and not obj.replied_at else None
        return due.isoformat() if due else None


class ScreenSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    department = serializers.IntegerField(required=False, allow_null=True, help_text="承办部门 id（受理时必填）")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                   help_text="不予受理原因：out_of_scope 不属于受理范围、other_channel 已进入诉讼、"
                                             "仲裁、复议或信访程序、no_content 无实质内容")
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=rules.REASON_MAX)
    about_case = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                       help_text="投诉所涉办件编号（关联到该办件的督办时间线）")


class DraftSerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=rules.REPLY_MAX)
    classification = serializers.ChoiceField(choices=Letter.Classification.choices)
    outcome = serializers.ChoiceField(choices=Letter.Outcome.choices)
    submit = serializers.BooleanField(required=False, default=True, help_text="提交审签（false：仅保存草稿）")


class SignSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 签发答复；false 退回承办人修改")
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=rules.REASON_MAX)
    police_organ = serializers.CharField(required=False, allow_blank=True, max_length=100)
    referral_reason = serializers.CharField(required=False, allow_blank=True, max_length=rules.REASON_MAX)


class TransferSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    reason = serializers.CharField(max_length=rules.REASON_MAX)


class LetterStatsRowSerializer(serializers.Serializer):
    month = serializers.CharField()
    department = serializers.DictField()
    received = serializers.IntegerField()
    accepted = serializers.IntegerField()
    not_accepted = serializers.IntegerField()
    replied = serializers.IntegerField()
    on_time = serializers.IntegerField()
    reply_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    mean_working_days = serializers.FloatField(allow_null=True)
    rated = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True)


def today():
    return timezone.localdate()
