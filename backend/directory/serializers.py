"""Input and output shapes of the catalogue API (names prefixed Directory…, unique in the schema)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import rules
from .models import Column, Document


class DirectoryColumnSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()

    class Meta:
        model = Column
        fields = ["code", "name", "parent", "position", "department", "owner", "kind", "update_every_days",
                  "day_kind", "is_pilot", "is_active", "last_published_at"]

    def get_department(self, obj) -> dict | None:
        return {"code": obj.department.code, "name": obj.department.name} if obj.department_id else None

    def get_owner(self, obj) -> str | None:
        return obj.owner.display_name if obj.owner_id else None


class DirectoryInterpretationLinkSerializer(serializers.ModelSerializer):
    """An interpretation as its policy lists it, or a policy as its interpretation names it."""

    key = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True,
                                   help_text="draft、in_review、awaiting_sign_off、published、withdrawn")

    class Meta:
        model = Document
        fields = ["id", "key", "title", "status", "interpretation_form", "interpreted_on", "published_on"]


class DirectoryDocumentSerializer(serializers.ModelSerializer):
    column = serializers.SlugRelatedField(slug_field="code", read_only=True)
    key = serializers.CharField(read_only=True)
    created_by = serializers.CharField(source="created_by.display_name", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.display_name", read_only=True, default=None)
    signed_off_by = serializers.CharField(source="signed_off_by.display_name", read_only=True, default=None)
    public_path = serializers.SerializerMethodField()
    interprets = DirectoryInterpretationLinkSerializer(read_only=True, allow_null=True)
    interpretations = serializers.SerializerMethodField()
    service_items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "key", "column", "title", "doc_number", "issuing_organ", "written_on", "published_on",
                  "effective_from", "body", "topic", "validity", "status", "version", "correction_reason",
                  "created_by", "created_at", "updated_at", "reviewed_by", "reviewed_at", "signed_off_by",
                  "signed_off_at", "withdrawn_reason", "public_path", "needs_interpretation", "interprets",
                  "interpretation_form", "interpreted_on", "interpretations", "service_items"]

    @extend_schema_field(DirectoryInterpretationLinkSerializer(many=True))
    def get_interpretations(self, obj) -> list:
        if obj.interprets_id:
            return []
        found = sorted(obj.interpretations.all(), key=lambda d: (d.interpreted_on is None, d.interpreted_on, d.pk))
        return DirectoryInterpretationLinkSerializer(found, many=True).data

    def get_public_path(self, obj) -> str | None:
        from .publishing import public_path

        return public_path(obj.key) if obj.published_on else None


class DirectoryDocumentInput(serializers.Serializer):
    column = serializers.CharField(help_text="栏目代码")
    title = serializers.CharField(max_length=rules.TITLE_MAX)
    doc_number = serializers.CharField(max_length=rules.DOC_NUMBER_MAX, required=False, allow_blank=True)
    issuing_organ = serializers.CharField(max_length=rules.ORGAN_MAX)
    written_on = serializers.DateField()
    effective_from = serializers.DateField(required=False, allow_null=True)
    body = serializers.CharField(max_length=rules.BODY_MAX)
    topic = serializers.CharField(max_length=rules.TOPIC_MAX, required=False, allow_blank=True)
    validity = serializers.ChoiceField(choices=Document.Validity.choices, required=False)
    needs_interpretation = serializers.BooleanField(required=False, help_text="须配政策解读（政策栏目默认是）")
    service_items = serializers.ListField(child=serializers.CharField(), required=False, help_text="相关事项编码")


class DirectoryInterpretationInput(serializers.Serializer):
    title = serializers.CharField(max_length=rules.TITLE_MAX)
    interpretation_form = serializers.ChoiceField(choices=Document.InterpretationForm.choices,
                                                  help_text="graphic、video 须上传附件（multipart 的 attachments）")
    interpreted_on = serializers.DateField()
    body = serializers.CharField(max_length=rules.BODY_MAX)
    column = serializers.CharField(required=False, help_text="栏目代码，默认 zcjd（政策解读）")
    doc_number = serializers.CharField(max_length=rules.DOC_NUMBER_MAX, required=False, allow_blank=True)
    issuing_organ = serializers.CharField(max_length=rules.ORGAN_MAX, required=False, help_text="默认政策的发文机关")
    written_on = serializers.DateField(required=False, help_text="默认解读日期")
    topic = serializers.CharField(max_length=rules.TOPIC_MAX, required=False, allow_blank=True)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class DirectoryCorrectionInput(serializers.Serializer):
    """更正: the reason and only the fields that change (the column never does)."""

    reason = serializers.CharField()
    title = serializers.CharField(max_length=rules.TITLE_MAX, required=False)
    doc_number = serializers.CharField(max_length=rules.DOC_NUMBER_MAX, required=False, allow_blank=True)
    issuing_organ = serializers.CharField(max_length=rules.ORGAN_MAX, required=False)
    written_on = serializers.DateField(required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    body = serializers.CharField(max_length=rules.BODY_MAX, required=False)
    topic = serializers.CharField(max_length=rules.TOPIC_MAX, required=False, allow_blank=True)
    validity = serializers.ChoiceField(choices=Document.Validity.choices, required=False)
    service_items = serializers.ListField(child=serializers.CharField(), required=False, help_text="相关事项编码")
    interpretation_form = serializers.ChoiceField(choices=Document.InterpretationForm.choices, required=False,
                                                  help_text="interpretations only")
    interpreted_on = serializers.DateField(required=False, help_text="interpretations only")


class DirectoryDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    opinion = serializers.CharField(required=False, allow_blank=True, help_text="退回时必填")


class DirectoryReasonInput(serializers.Serializer):
    reason = serializers.CharField()
