"""Supervision APIs: the clock board for supervision officers."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from backend.workcalendar.calendar import refresh_if_stale

from . import ledger, selectors
from .models import Clock


class ClockListApi(generics.ListAPIView):
    """GET /api/v1/supervision/clocks/?state=yellow|red — supervisors and administrators only."""

    class OutputSerializer(serializers.ModelSerializer):
        case = serializers.CharField(source="case.number")
        item = serializers.SerializerMethodField()
        department = serializers.CharField(source="department.name", default=None)
        used_working_days = serializers.SerializerMethodField()
        remaining_working_days = serializers.SerializerMethodField()
        projected_deadline = serializers.SerializerMethodField()
        explanation = serializers.SerializerMethodField()

        class Meta:
            model = Clock
            fields = ["id", "case", "item", "kind", "step", "department", "state", "statutory_breach",
                      "budget_days", "start_date", "promised_deadline", "projected_deadline",
                      "used_working_days", "remaining_working_days", "explanation", "next_change_at"]

        def get_item(self, clock) -> dict:
            return {"code": clock.case.item.code, "name": clock.case.item.name}

        def _figures(self, clock) -> dict:
            cache = self.context.setdefault("_figures", {})
            if clock.pk not in cache:
                calendar = self.context.get("calendar") or refresh_if_stale()
                self.context["calendar"] = calendar
                cache[clock.pk] = selectors.clock_figures(clock, calendar=calendar,
                                                          today=ledger.local_date(timezone.now()))
            return cache[clock.pk]

        def get_used_working_days(self, clock) -> int | None:
            return self._figures(clock)["used_working_days"]

        def get_remaining_working_days(self, clock) -> int | None:
            return self._figures(clock)["remaining_working_days"]

        def get_projected_deadline(self, clock) -> str | None:
            d = self._figures(clock)["projected_deadline"]
            return d.isoformat() if d else None

        def get_explanation(self, clock) -> str:
            return self._figures(clock)["explanation"]

    serializer_class = OutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.clock_list_visible_to(user=self.request.user,
                                               state=self.request.query_params.get("state") or None)

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=Clock.State.values)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
