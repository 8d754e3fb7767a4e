"""GET /api/v1/supervision/stats/ — the statistics table, as JSON or exported (xlsx, csv)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import exports, queries, selectors


class StatsRowSerializer(serializers.Serializer):
    key = serializers.JSONField(help_text="Department id, item code, centre id (0: filed online), user id or step code")
    label = serializers.CharField()
    received = serializers.IntegerField()
    accepted = serializers.IntegerField()
    refused = serializers.IntegerField()
    completed = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="0..1; null when nothing completed")
    early_rate = serializers.FloatField(allow_null=True, help_text="Completed ≥ 1 working day before the deadline")
    overdue = serializers.IntegerField()
    mean_days = serializers.FloatField(allow_null=True, help_text="Working days used, suspensions excluded")
    median_days = serializers.FloatField(allow_null=True)
    p90_days = serializers.FloatField(allow_null=True, help_text="percentile_cont(0.9)")
    send_backs = serializers.IntegerField()
    extensions = serializers.IntegerField(allow_null=True, help_text="null for staff and step tables")
    cards_yellow = serializers.IntegerField()
    cards_red = serializers.IntegerField()
    ratings = serializers.IntegerField(help_text="Number of ratings; who rated is never shown")
    mean_rating = serializers.FloatField(allow_null=True)


class StatsOutputSerializer(serializers.Serializer):
    group_by = serializers.CharField()
    date_from = serializers.DateField(source="from")
    date_to = serializers.DateField(source="to")
    rows = StatsRowSerializer(many=True)


class _JsonOnly:
    """`format` is ours (xlsx, csv), not DRF's renderer override: negotiate JSON always."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type


class StatsApi(_JsonOnly, APIView):
    """Statistics per department, item, centre, staff member or step type over a period —
    supervision officers and administrators only. Received, accepted and refused count by the day
    they happened, the other figures by the completion day; working days exclude suspensions."""

    @extend_schema(
        parameters=[
            OpenApiParameter("group_by", str, enum=list(selectors.GROUPS), default="department"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day, included"),
            OpenApiParameter("department", int, description="Only this department (id)"),
            OpenApiParameter("item", str, description="Only this item (code)"),
            OpenApiParameter("centre", int, description="Only this service centre (id; 0: filed online)"),
            OpenApiParameter("format", str, enum=list(queries.FORMATS), default="json",
                             description="xlsx or csv: the table as a file download"),
        ],
        responses={200: OpenApiResponse(StatsOutputSerializer, description="JSON, or the xlsx / csv file")},
    )
    def get(self, request):
        selectors.stats_check_visible(user=request.user)
        query = queries.stats_query_parse(request.query_params)
        rows = selectors.stats_table(group_by=query["group_by"], date_from=query["date_from"],
                                     date_to=query["date_to"], filters=query["filters"])
        if query["format"] != "json":
            return exports.export_response(rows, group_by=query["group_by"], date_from=query["date_from"],
                                           date_to=query["date_to"], output=query["format"])
        return Response(StatsOutputSerializer({"group_by": query["group_by"], "from": query["date_from"],
                                               "to": query["date_to"], "rows": rows}).data)
