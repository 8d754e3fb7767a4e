"""Scorecard read APIs under /api/v1/supervision/scorecards/ (supervisors and administrators)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .models import Circular, Scorecard, ScoringMethod


class MethodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringMethod
        fields = ["version", "weights", "min_sample", "circular", "description", "published_at"]


class IndicatorScoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="The department's figure this month")
    points = serializers.FloatField(allow_null=True, help_text="0-100; null: no figure, weight left out")
    weight = serializers.FloatField()


class ScoreRowSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text="Department id, as the statistics API's row key")
    label = serializers.CharField()
    completed = serializers.IntegerField()
    overdue = serializers.IntegerField()
    cards_red = serializers.IntegerField()
    indicators = IndicatorScoreSerializer(many=True)
    score = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="null: not ranked (see reason)")
    reason_code = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class CircularSerializer(serializers.ModelSerializer):
    commended = serializers.JSONField(source="content.commended")
    criticised = serializers.JSONField(source="content.criticised")

    class Meta:
        model = Circular
        fields = ["status", "title", "commended", "criticised", "drafted_at", "signed_off_at", "published_at",
                  "digest"]


class ScorecardSummarySerializer(serializers.ModelSerializer):
    month = serializers.CharField(source="month_key")
    circular_status = serializers.CharField(source="circular.status", default=None)
    departments = serializers.SerializerMethodField()
    ranked = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = ["month", "method_version", "computed_at", "circular_status", "departments", "ranked"]

    def get_departments(self, scorecard) -> int:
        return len(scorecard.computed_rows)

    def get_ranked(self, scorecard) -> int:
        return sum(1 for row in scorecard.computed_rows if row.get("rank") is not None)


class ScorecardDetailSerializer(ScorecardSummarySerializer):
    method = MethodSerializer()
    rows = ScoreRowSerializer(source="computed_rows", many=True)
    input_rows = serializers.JSONField(help_text="The statistics rows (group_by=department) the scores came from")
    circular = CircularSerializer(allow_null=True, default=None)

    class Meta(ScorecardSummarySerializer.Meta):
        fields = [*ScorecardSummarySerializer.Meta.fields, "method", "rows", "input_rows", "circular"]


class ScorecardListApi(APIView):
    """GET /api/v1/supervision/scorecards/ — the months computed, newest first."""

    @extend_schema(responses=ScorecardSummarySerializer(many=True))
    def get(self, request):
        scorecards = selectors.scorecard_list_visible_to(user=request.user)
        return Response(ScorecardSummarySerializer(scorecards, many=True).data)


class ScorecardDetailApi(APIView):
    """GET /api/v1/supervision/scorecards/{month}/ (YYYY-MM) — scores, ranks, the inputs and the circular."""

    @extend_schema(responses=ScorecardDetailSerializer)
    def get(self, request, month: str):
        scorecard = selectors.scorecard_get_visible(user=request.user, month=selectors.month_parse(month))
        return Response(ScorecardDetailSerializer(scorecard).data)


class ScoringMethodListApi(APIView):
    """GET /api/v1/supervision/scorecards/methods/ — published method versions, newest (in force) first."""

    @extend_schema(responses=MethodSerializer(many=True))
    def get(self, request):
        return Response(MethodSerializer(selectors.method_list_public(now=timezone.now()), many=True).data)
