"""Input and output shapes of the inspection API (names prefixed Inspection…, unique in the schema)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from . import checks, selectors
from .models import InspectionRun, Problem


class InspectionRunSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = InspectionRun
        fields = ["id", "trigger", "day", "started_at", "finished_at", "actor", "checks", "counts"]


class InspectionRunInput(serializers.Serializer):
    checks = serializers.ListField(child=serializers.ChoiceField(choices=sorted(checks.CHECKS)), required=False)


class InspectionProblemSerializer(serializers.ModelSerializer):
    department = serializers.SerializerMethodField()
    column = serializers.SlugRelatedField(slug_field="code", read_only=True)
    check_label = serializers.SerializerMethodField()
    clock_state = serializers.SerializerMethodField()
    replied_by = serializers.CharField(source="replied_by.username", read_only=True, default=None)
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, default=None)

    class Meta:
        model = Problem
        fields = ["id", "source", "check_code", "check_label", "department", "column", "subject", "description",
                  "evidence", "status", "opened_at", "opened_on", "days", "due_on", "clock_state", "reply_text",
                  "replied_at", "replied_by", "closed_at", "closed_by", "closed_by_run", "report_name", "indicator",
                  "score_lost"]

    def get_department(self, obj) -> dict | None:
        return {"code": obj.department.code, "name": obj.department.name} if obj.department_id else None

    def get_check_label(self, obj) -> str:
        return "外部评估" if obj.source == Problem.Source.EXTERNAL else checks.check_label(obj.check_code)

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
