"""Disclosure unit score APIs under /api/v1/disclosure/scores/. The office and administrators see
every unit's row; a unit's staff see only their own units' rows. Errors are
{"errors": [{field, code, message}]} with 400/403/404/409; the services check who may do what."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.api import request_object
from backend.common.errors import DomainError, unknown_fields

from . import selectors, services
from .models import DisclosureMethod, DisclosureScorecard

ERRORS = {400: OpenApiResponse(description="field errors"), 403: OpenApiResponse(description="not allowed"),
          404: OpenApiResponse(description="not computed"), 409: OpenApiResponse(description="wrong state")}


class DisclosureMethodSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisclosureMethod
        fields = ["version", "indicators", "vetoes", "circular", "description", "published_at"]


class DisclosureIndicatorScoreSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="The unit's figure in the period")
    points = serializers.FloatField(allow_null=True, help_text="0-100; null: no figure, weight left out")
    weight = serializers.FloatField()


class DisclosureVetoSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    cap = serializers.FloatField(allow_null=True)
    fail = serializers.BooleanField()


class DisclosureUnitRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="Department id")
    label = serializers.CharField()
    indicators = DisclosureIndicatorScoreSerializer(many=True)
    vetoes = DisclosureVetoSerializer(many=True)
    raw_score = serializers.FloatField(allow_null=True, help_text="Before any veto's cap")
    score = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    failed = serializers.BooleanField(help_text="不合格 by a veto item")
    reason = serializers.CharField(allow_blank=True)


class DisclosureScorecardSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = DisclosureScorecard
        fields = ["period", "starts_on", "ends_on", "method_version", "status", "title", "computed_at",
                  "signed_off_at", "published_at"]


class DisclosureScorecardDetailSerializer(DisclosureScorecardSummarySerializer):
    rows = serializers.SerializerMethodField()
    circular = serializers.SerializerMethodField()

    class Meta(DisclosureScorecardSummarySerializer.Meta):
        fields = [*DisclosureScorecardSummarySerializer.Meta.fields, "digest", "rows", "circular"]

    @extend_schema_field(DisclosureUnitRowSerializer(many=True))
    def get_rows(self, scorecard) -> list[dict]:
        rows = selectors.rows_visible_to(user=self.context["request"].user, scorecard=scorecard)
        return DisclosureUnitRowSerializer(rows, many=True).data

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_circular(self, scorecard) -> dict | None:
        """The office sees the draft; everyone sees it once signed off."""
        user = self.context["request"].user
        if scorecard.status == DisclosureScorecard.Status.DRAFT and not selectors.is_office(user):
            return None
        return scorecard.circular


class DisclosureScoreComputeInput(serializers.Serializer):
    period = serializers.CharField(help_text="A quarter (2026Q4) or a year (2026)")


def _scorecard(request, period: str) -> DisclosureScorecard:
    return selectors.scorecard_get_visible(user=request.user, period=selectors.period_parse(period))


class ScorecardListApi(APIView):
    """GET /api/v1/disclosure/scores/ — the periods computed, newest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DisclosureScorecardSummarySerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(DisclosureScorecardSummarySerializer(selectors.scorecard_list_visible_to(user=request.user),
                                                   many=True).data)


class ScorecardComputeApi(APIView):
    """POST /api/v1/disclosure/scores/compute/ {"period": "2026Q4"} — compute or recompute a draft (office)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=DisclosureScoreComputeInput, responses={201: DisclosureScorecardDetailSerializer, **ERRORS})
    def post(self, request):
        data = request_object(request)
        extra = unknown_fields(data, DisclosureScoreComputeInput().fields)
        if extra:
            raise DomainError(extra)
        scorecard = services.scorecard_compute(period=str(data.get("period") or ""), now=timezone.now(),
                                               actor=request.user)
        return Response(DisclosureScorecardDetailSerializer(scorecard, context={"request": request}).data, status=201)


class ScorecardDetailApi(APIView):
    """GET /api/v1/disclosure/scores/{period}/ — the rows the caller may see, and the circular."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DisclosureScorecardDetailSerializer, **ERRORS})
    def get(self, request, period: str):
        scorecard = _scorecard(request, period)
        return Response(DisclosureScorecardDetailSerializer(scorecard, context={"request": request}).data)


class ScorecardSignOffApi(APIView):
    """POST /api/v1/disclosure/scores/{period}/sign-off/ — the disclosure office's head signs off."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: DisclosureScorecardSummarySerializer, **ERRORS})
    def post(self, request, period: str):
        scorecard = services.scorecard_sign_off(scorecard=_scorecard(request, period), actor=request.user,
                                                now=timezone.now())
        return Response(DisclosureScorecardSummarySerializer(scorecard).data)


class ScorecardPublishApi(APIView):
    """POST /api/v1/disclosure/scores/{period}/publish/ — publish the signed-off circular; twice is a 409."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: DisclosureScorecardSummarySerializer, **ERRORS})
    def post(self, request, period: str):
        scorecard = services.scorecard_publish(scorecard=_scorecard(request, period), actor=request.user,
                                               now=timezone.now())
        return Response(DisclosureScorecardSummarySerializer(scorecard).data)


class MethodListApi(APIView):
    """GET /api/v1/disclosure/scores/methods/ — published method versions, newest (in force) first."""

    permission_classes = []

    @extend_schema(responses=DisclosureMethodSerializer(many=True))
    def get(self, request):
        return Response(DisclosureMethodSerializer(selectors.method_list_public(now=timezone.now()), many=True).data)
