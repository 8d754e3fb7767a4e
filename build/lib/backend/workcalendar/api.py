"""Public working-day arithmetic: deadline and count of working days (工作日计算接口)."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import DomainError

from .calendar import CalendarNotCovered, refresh_if_stale

MAX_WORKING_DAYS = 3650
BAD_REQUEST = OpenApiResponse(
    description='{"errors": [{"field", "code", "message"}]}; code "not_covered" when a year has no data'
)


def not_covered(field: str, exc: CalendarNotCovered) -> DomainError:
    day = f"{exc.date:%Y-%m-%d}" if exc.date else "-"
    message = _("工作日历未覆盖 %(date)s：该年既无导入的节假日安排，也不在法定节假日暂定规则的适用年份内。") % {
        "date": day}
    return DomainError.single(field, "not_covered", message)


def starts_uncovered(start: date, exc: CalendarNotCovered) -> bool:
    """True when already the first day after `start` lacks data (blame `start`, not the other field)."""
    return exc.date is None or (exc.date - start).days <= 1


def _param(name: str, type_, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=True, description=description)


class CalendarDeadlineApi(APIView):
    """The deadline N working days after a start date (the start day is not counted)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        start = serializers.DateField(input_formats=["iso-8601"])
        working_days = serializers.IntegerField(min_value=0, max_value=MAX_WORKING_DAYS)

    @extend_schema(
        operation_id="calendar_deadline",
        tags=["calendar"],
        parameters=[
            _param("start", OpenApiTypes.DATE, "start date D, YYYY-MM-DD (not counted)"),
            _param("working_days", OpenApiTypes.INT, "N ≥ 0; 0 means D itself"),
        ],
        responses={200: inline_serializer("CalendarDeadline", {
            "deadline": serializers.DateField(),
            "provisional_years": serializers.ListField(
                child=serializers.IntegerField(),
                help_text="Years counted by the statutory holidays because their State Council notice is not "
                          "imported yet; empty when the deadline is final"),
        }), 400: BAD_REQUEST},
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        start, n = params.validated_data["start"], params.validated_data["working_days"]
        calendar = refresh_if_stale()
        try:
            deadline = calendar.add_working_days(start, n)
        except CalendarNotCovered as exc:
            raise not_covered("start" if starts_uncovered(start, exc) else "working_days", exc) from exc
        return Response({"deadline": f"{deadline:%Y-%m-%d}",
                         "provisional_years": list(calendar.provisional_years_between(start, deadline))})


class CalendarBetweenApi(APIView):
    """The number of working days d with start < d ≤ end (0 when end ≤ start)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        start = serializers.DateField(input_formats=["iso-8601"])
        end = serializers.DateField(input_formats=["iso-8601"])

    @extend_schema(
        operation_id="calendar_between",
        tags=["calendar"],
        parameters=[
            _param("start", OpenApiTypes.DATE, "YYYY-MM-DD, excluded"),
            _param("end", OpenApiTypes.DATE, "YYYY-MM-DD, included"),
        ],
        responses={200: inline_serializer("CalendarBetween", {
            "working_days": serializers.IntegerField(),
            "provisional_years": serializers.ListField(child=serializers.IntegerField()),
        }), 400: BAD_REQUEST},
    )
    def get(self, request):
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        start, end = params.validated_data["start"], params.validated_data["end"]
        calendar = refresh_if_stale()
        try:
            count = calendar.working_days_between(start, end)
        except CalendarNotCovered as exc:
            raise not_covered("start" if starts_uncovered(start, exc) else "end", exc) from exc
        return Response({"working_days": count,
                         "provisional_years": list(calendar.provisional_years_between(start, end))})
