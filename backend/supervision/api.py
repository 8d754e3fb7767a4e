"""Supervision APIs: the clock board for supervision officers; suspend, resume and extend a case's clocks."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.cases.selectors import case_get_visible
from backend.cases.serializers import CaseClockSerializer
from backend.common import query
from backend.common.api import request_object
from backend.workcalendar.calendar import refresh_if_stale

from . import actions, ledger, selectors
from .models import Clock, ClockEntry
from .procedures import PROCEDURES


class ClockActionOutputSerializer(serializers.Serializer):
    clock = CaseClockSerializer(allow_null=True)


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
        deadline_provisional = serializers.SerializerMethodField(
            help_text="The deadline passes through a year whose holiday notice is not imported yet")
        is_suspended = serializers.SerializerMethodField(
            help_text="A suspension is running; an overdue clock stays red while suspended")

        class Meta:
            model = Clock
            fields = ["id", "case", "item", "kind", "step", "department", "state", "statutory_breach",
                      "is_suspended", "budget_days", "start_date", "promised_deadline", "projected_deadline",
                      "deadline_provisional",
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

        def get_is_suspended(self, clock) -> bool:
            return any(e.kind == ClockEntry.Kind.SUSPENSION and e.end_date is None for e in clock.entries.all())

        def get_deadline_provisional(self, clock) -> bool:
            return self._figures(clock)["deadline_provisional"]

    serializer_class = OutputSerializer
    filter_backends: list = []

    filters = query.Filters((query.choice("state", Clock.State.values),), paginated=True)

    def get_queryset(self):
        return selectors.clock_list_visible_to(user=self.request.user,
                                               state=self.filters.read(self.request.query_params)["state"])

    @extend_schema(parameters=filters.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _CaseClockActionApi(APIView):
    """Shared shape: find the case the caller may see (else 404), act, answer with the case's clock."""

    def act(self, request, case):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, number: str):
        case = case_get_visible(number=number, user=request.user)
        self.act(request, case)
        return Response({"clock": selectors.case_clock_summary(case, ledger.local_date(timezone.now()))})


class CaseClockSuspendApi(_CaseClockActionApi):
    """POST /api/v1/cases/{number}/clock/suspend/ — stop the case's clocks for a special procedure, as the
    suspension rules table allows (roles: 403 procedure/role_not_allowed; limit: expected_days)."""

    class ClockSuspendInputSerializer(serializers.Serializer):
        procedure = serializers.ChoiceField(choices=[p.code for p in PROCEDURES])
        detail = serializers.CharField(required=False, allow_blank=True, max_length=150)
        legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                            help_text="Always required; defaults to the procedure's article "
                                                      "(400 legal_basis/required when there is none)")
        expected_days = serializers.IntegerField(
            required=False, min_value=1, max_value=365,
            help_text="Expected length in working days; required where the suspension rules table sets a limit "
                      "for the procedure; past the limit only a leader (approver role or department head) may "
                      "suspend and is recorded as the approver (403 expected_days/approval_required otherwise)")

    @extend_schema(request=ClockSuspendInputSerializer, responses=ClockActionOutputSerializer)
    def post(self, request, number: str):
        return super().post(request, number)

    def act(self, request, case):
        data = request_object(request)
        actions.case_clock_suspend(case=case, procedure=data.get("procedure", ""), detail=data.get("detail", ""),
                                   legal_basis=data.get("legal_basis", ""), expected_days=data.get("expected_days"),
                                   actor=request.user, now=timezone.now())


class CaseClockResumeApi(_CaseClockActionApi):
    """POST /api/v1/cases/{number}/clock/resume/ — the special procedure is over; the clocks run again."""

    @extend_schema(request=None, responses=ClockActionOutputSerializer)
    def post(self, request, number: str):
        return super().post(request, number)

    def act(self, request, case):
        actions.case_clock_resume(case=case, actor=request.user, now=timezone.now())


class CaseClockExtendApi(_CaseClockActionApi):
    """POST /api/v1/cases/{number}/clock/extend/ — +N working days (行政许可法 art. 42), approvers only."""

    class ClockExtendInputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=10,
                                        help_text="Working days; at most SUPERVISION_MAX_EXTENSION_DAYS (10), once")
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=ClockExtendInputSerializer, responses=ClockActionOutputSerializer)
    def post(self, request, number: str):
        return super().post(request, number)

    def act(self, request, case):
        data = request_object(request)
        actions.case_clock_extend(case=case, days=data.get("days"), reason=data.get("reason", ""),
                                  actor=request.user, now=timezone.now())
