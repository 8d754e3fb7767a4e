"""Annual report API under /api/v1/foi/reports/ (the disclosure office, the signing heads,
supervisors read-only). Errors are {"errors": [{field, code, message}]} with 400/403/404/409."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.api import request_object

from . import report_selectors as selectors
from . import report_services as services
from .models_report import AnnualReport


class OrganSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DueSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text="31 January of the next year (条例 art. 50)")
    state = serializers.ChoiceField(choices=["not_yet", "due", "overdue", "published", "published_late"])
    days = serializers.IntegerField(help_text="Days left (due, not_yet) or days late (overdue, published_late)")


class ReportSummarySerializer(serializers.ModelSerializer):
    organ = OrganSerializer(allow_null=True, help_text="null: the whole county")
    subject = serializers.CharField(help_text='Publication subject: "2026" or "2026-<organ code>"')
    # Plain text, not an enum: "status" is already several enums in the schema.
    status = serializers.CharField(help_text="draft | signed_off | published")
    due = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReport
        fields = ["id", "year", "organ", "subject", "status", "revision", "computed_at", "signed_off_at",
                  "signer_name", "signer_title", "published_at", "first_published_at", "due"]

    @extend_schema_field(DueSerializer)
    def get_due(self, rep) -> dict:
        due = selectors.due_for(rep, year=rep.year, now=self.context["now"])
        return DueSerializer({"due_on": due.due_on, "state": due.state, "days": due.days}).data


class ReportDetailSerializer(ReportSummarySerializer):
    document = serializers.SerializerMethodField(help_text="The report in the national template's layout")
    checks_hold = serializers.SerializerMethodField(help_text="Table 3's arithmetic holds and no request is "
                                                    "left unclassified (sign-off requires it)")
    correction_reason = serializers.CharField()

    class Meta(ReportSummarySerializer.Meta):
        fields = [*ReportSummarySerializer.Meta.fields, "correction_reason", "checks_hold", "document"]

    def get_document(self, rep) -> dict:
        return self.context["doc"]

    def get_checks_hold(self, rep) -> bool:
        return selectors.checks_hold(self.context["doc"])


class GenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    organ = serializers.CharField(required=False, allow_blank=True, help_text="Department code; empty: county")


class UpdateSerializer(serializers.Serializer):
    overview = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    other_matters = serializers.CharField(required=False, allow_blank=True)
    proactive = serializers.JSONField(required=False, help_text=(
        '{"rules": {"issued", "repealed", "in_force"}, "normative": {…}, "penalty", "enforcement", '
        '"fees": "万元, up to 4 decimals"}; non-negative integers'))
    review = serializers.JSONField(required=False, help_text=(
        '{"reconsideration"|"direct_suit"|"suit_after": {"upheld", "corrected", "other", "pending"}}; '
        "non-negative integers, totals are computed"))


class ReportReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


def _detail(rep: AnnualReport, now) -> dict:
    return ReportDetailSerializer(rep, context={"now": now, "doc": selectors.report_document(rep)}).data


def _load(request, report_id: int) -> AnnualReport:
    return selectors.report_get_visible(user=request.user, report_id=report_id)


class ReportListApi(APIView):
    """GET — the reports, newest year first; POST — generate (or recount) the year's draft."""

    filters = query.Filters((query.integer("year", min_value=1, description="the report's year"),))

    @extend_schema(responses=ReportSummarySerializer(many=True), parameters=filters.parameters())
    def get(self, request):
        qs = selectors.report_list_visible_to(user=request.user)
        year = self.filters.read(request.query_params)["year"]
        if year is not None:
            qs = qs.filter(year=year)
        return Response(ReportSummarySerializer(qs, many=True, context={"now": timezone.now()}).data)

    @extend_schema(request=GenerateSerializer, responses={201: ReportDetailSerializer})
    def post(self, request):
        data = request_object(request)
        now = timezone.now()
        organ = selectors.organ_get(str(data.get("organ") or ""))
        rep = services.report_generate(year=data.get("year"), organ=organ, actor=request.user, now=now)
        return Response(_detail(rep, now), status=status.HTTP_201_CREATED)


class ReportDetailApi(APIView):
    """GET — one report with its document; PATCH — enter the staff figures and texts (drafts only)."""

    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, report_id: int):
        return Response(_detail(_load(request, report_id), timezone.now()))

    @extend_schema(request=UpdateSerializer, responses=ReportDetailSerializer)
    def patch(self, request, report_id: int):
        now = timezone.now()
        rep = services.report_update(rep=_load(request, report_id), data=dict(request_object(request)),
                                     actor=request.user, now=now)
        return Response(_detail(rep, now))


class _ReportAction(APIView):
    def act(self, request, rep, now):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, report_id: int):
        now = timezone.now()
        rep = self.act(request, _load(request, report_id), now)
        return Response(_detail(rep, now))


class ReportRefreshApi(_ReportAction):
    """POST — recount the draft's tables from the records now."""

    @extend_schema(request=None, responses=ReportDetailSerializer)
    def post(self, request, report_id: int):
        return super().post(request, report_id)

    def act(self, request, rep, now):
        return services.report_generate(year=rep.year, organ=rep.organ, actor=request.user, now=now)


class ReportSignOffApi(_ReportAction):
    """POST — the organ's head (the office head for the county) signs the draft off."""

    @extend_schema(request=None, responses=ReportDetailSerializer)
    def post(self, request, report_id: int):
        return super().post(request, report_id)

    def act(self, request, rep, now):
        return services.report_sign_off(rep=rep, actor=request.user, now=now)


class ReportPublishApi(_ReportAction):
    """POST — publish the signed-off report through the disclosure channel (409 before sign-off)."""

    @extend_schema(request=None, responses=ReportDetailSerializer)
    def post(self, request, report_id: int):
        return super().post(request, report_id)

    def act(self, request, rep, now):
        return services.report_publish(rep=rep, actor=request.user, now=now)


class ReportReopenApi(_ReportAction):
    """POST {reason} — back to a draft for a correction (the next revision supersedes when published)."""

    @extend_schema(request=ReportReopenSerializer, responses=ReportDetailSerializer)
    def post(self, request, report_id: int):
        return super().post(request, report_id)

    def act(self, request, rep, now):
        return services.report_reopen(rep=rep, reason=str(request_object(request).get("reason") or ""),
                                      actor=request.user, now=now)
