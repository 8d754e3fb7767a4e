"""Input and output shapes of the inspection API (names prefixed Inspection…, unique in the schema)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import checks, selectors
from .models import InspectionRun, Problem, ProblemCard


class InspectionRunSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = InspectionRun
        fields = ["id", "trigger", "day", "started_at", "finished_at", "actor", "checks", "counts"]


class InspectionRunInput(serializers.Serializer):
    checks = serializers.ListField(child=serializers.ChoiceField(choices=sorted(checks.CHECKS)), required=False)


class InspectionCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemCard
        fields = ["to_state", "from_state", "at"]


class InspectionOrderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    state = serializers.CharField()
    deadline = serializers.DateField()
    requirement = serializers.CharField()


class InspectionProblemSerializer(serializers.ModelSerializer):
    department = serializers.SerializerMethodField()
    column = serializers.SlugRelatedField(slug_field="code", read_only=True)
    check_label = serializers.SerializerMethodField()
    clock_state = serializers.SerializerMethodField()
    cards = InspectionCardSerializer(many=True, read_only=True)
    orders = serializers.SerializerMethodField()
    replied_by = serializers.CharField(source="replied_by.username", read_only=True, default=None)
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, default=None)

    class Meta:
        model = Problem
        fields = ["id", "source", "check_code", "check_label", "department", "column", "subject", "description",
                  "evidence", "status", "opened_at", "opened_on", "days", "due_on", "clock_state", "reply_text",
                  "replied_at", "replied_by", "closed_at", "closed_by", "closed_by_run", "report_name", "indicator",
                  "score_lost", "cards", "orders"]

    def get_department(self, obj) -> dict | None:
        return {"code": obj.department.code, "name": obj.department.name} if obj.department_id else None

    def get_check_label(self, obj) -> str:
        return str(Problem.Source.EXTERNAL.label) if obj.source == Problem.Source.EXTERNAL else checks.check_label(
            obj.check_code)

    @extend_schema_field(InspectionOrderRefSerializer(many=True))
    def get_orders(self, obj) -> list:
        known = self.context.get("orders_by_problem")
        found = known.get(obj.pk, []) if known is not None else selectors.problem_orders(obj)
        return InspectionOrderRefSerializer(found, many=True).data

    def get_clock_state(self, obj) -> str:
        return selectors.problem_state(obj, now=timezone.now())


class InspectionReplyInput(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, help_text="multipart only")


class InspectionOpinionInput(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True)


class InspectionExternalInput(serializers.Serializer):
    department = serializers.CharField(help_text="the unit's department code")
    description = serializers.CharField()
    report_name = serializers.CharField()
    indicator = serializers.CharField(required=False, allow_blank=True)
    score_lost = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    column = serializers.CharField(required=False, allow_blank=True)
    days = serializers.IntegerField(required=False, allow_null=True)


class InspectionOrderInput(serializers.Serializer):
    requirement = serializers.CharField()
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="Reply limit in working days")
