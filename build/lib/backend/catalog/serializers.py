from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import GuideVersion, LegalBasis, MaterialRequirement, ProcessStep, ServiceItem
from .selectors import process_steps_published


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["law", "article", "text"]


class MaterialRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialRequirement
        fields = ["id", "name", "form", "copies", "required", "note"]


class GuideSerializer(serializers.ModelSerializer):
    legal_bases = LegalBasisSerializer(many=True)
    materials = MaterialRequirementSerializer(many=True)

    class Meta:
        model = GuideVersion
        fields = ["version", "effective_from", "statutory_limit_days", "promised_limit_days", "conditions",
                  "process_description", "fees", "place", "hours", "enquiry_phone", "complaint_phone",
                  "legal_bases", "materials"]


class ProcessStepSerializer(serializers.Serializer):
    """A step of the item's published process version."""

    step = serializers.ChoiceField(choices=ProcessStep.Step.choices)
    department = serializers.CharField()
    role = serializers.CharField()
    budget_days = serializers.IntegerField()


class ItemListSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name")
    department_code = serializers.CharField(source="department.code")

    class Meta:
        model = ServiceItem
        fields = ["code", "name", "kind", "department", "department_code"]


class ItemDetailSerializer(ItemListSerializer):
    guide = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(ItemListSerializer.Meta):
        fields = ItemListSerializer.Meta.fields + ["guide", "steps"]

    @extend_schema_field(ProcessStepSerializer(many=True))
    def get_steps(self, item) -> list[dict]:
        return ProcessStepSerializer(process_steps_published(item=item), many=True).data

    def get_guide(self, item) -> dict | None:
        guide = self.context.get("guide")
        return GuideSerializer(guide).data if guide else None
