"""The inspection API under /api/v1/disclosure/inspection/: runs (list; start one), problems (list,
detail), the unit's reply, the office's close and return, external entry. Errors are
{"errors": [{field, code, message}]} with 400/403/404/409; the services check who may do what."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.api import ERROR_RESPONSES, request_fields
from backend.common.errors import DomainError
from backend.common.snapshot import config_snapshot

from . import selectors, services
from .checks import CHECKS
from .models import Problem
from .serializers import (
    InspectionExternalInput,
    InspectionOpinionInput,
    InspectionOrderInput,
    InspectionProblemSerializer,
    InspectionReplyInput,
    InspectionRunInput,
    InspectionRunSerializer,
)

ERRORS = ERROR_RESPONSES


class InspectionRunListApi(APIView):
    """GET: the runs (the office, supervisors, administrators); POST {checks?}: run an inspection now."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: InspectionRunSerializer(many=True)})
    def get(self, request):
        return Response(InspectionRunSerializer(selectors.run_list_visible_to(user=request.user)[:100], many=True).data)

    @extend_schema(request=InspectionRunInput, responses={201: InspectionRunSerializer, **ERRORS})
    def post(self, request):
        data = request_fields(request, InspectionRunInput().fields)
        wanted = data.get("checks") or None
        if wanted is not None and not isinstance(wanted, list):
            raise DomainError.single("checks", "invalid", "checks: a list of check codes")
        run = services.inspection_run_manual(now=timezone.now(), actor=request.user, checks=wanted)
        return Response(InspectionRunSerializer(run).data, status=201)


PROBLEM_FILTERS = query.Filters((
    query.choice("status", ["active", *Problem.Status.values], "`active`: not closed"),
    query.choice("source", Problem.Source.values), query.choice("check", sorted(CHECKS) + ["external"]),
    query.text("department", 32, "the unit's department code")))


class InspectionProblemListApi(APIView):
    """GET: the problems the caller may see (filters: status — or `active` —, source, check, department)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PROBLEM_FILTERS.parameters(), responses={200: InspectionProblemSerializer(many=True)})
    def get(self, request):
        params = PROBLEM_FILTERS.read(request.query_params)
        qs = selectors.problem_filter(selectors.problem_list_visible_to(user=request.user),
                                      **{k: v or "" for k, v in params.items()})
        rows = list(qs.prefetch_related("cards")[:500])
        context = {"orders_by_problem": selectors.problem_orders_by_problem(p.pk for p in rows)}
        with config_snapshot():  # the working calendar is checked once for the list, not once per row
            data = InspectionProblemSerializer(rows, many=True, context=context).data
        return Response(data)


class InspectionProblemDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: InspectionProblemSerializer, 404: OpenApiResponse(description="not visible")})
    def get(self, request, pk: int):
        return Response(InspectionProblemSerializer(selectors.problem_get_visible(pk=pk, user=request.user)).data)


class InspectionProblemReplyApi(APIView):
    """POST {text} (JSON), or multipart with `text` and `files` (evidence): the unit's rectification
    reply (整改回告)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request={"application/json": InspectionReplyInput, "multipart/form-data": InspectionReplyInput},
                   responses={200: InspectionProblemSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, InspectionReplyInput().fields)
        problem = selectors.problem_get_visible(pk=pk, user=request.user)
        problem = services.problem_reply(problem=problem, actor=request.user, text=data.get("text"),
                                         files=request.FILES.getlist("files"), now=timezone.now())
        return Response(InspectionProblemSerializer(problem).data)


class _OfficeApi(APIView):
    permission_classes = [IsAuthenticated]
    service = None

    @extend_schema(request=InspectionOpinionInput, responses={200: InspectionProblemSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, InspectionOpinionInput().fields)
        problem = selectors.problem_get_visible(pk=pk, user=request.user)
        problem = type(self).service(problem=problem, actor=request.user, opinion=data.get("opinion") or "",
                                     now=timezone.now())
        return Response(InspectionProblemSerializer(problem).data)


class InspectionProblemCloseApi(_OfficeApi):
    """POST {opinion?}: the office closes (销号) an external problem the unit has replied to."""

    service = services.problem_close


class InspectionProblemReopenApi(_OfficeApi):
    """POST {opinion}: the office returns the unit's reply on an external problem."""

    service = services.problem_reopen


class InspectionProblemOrderApi(APIView):
    """POST {requirement, days}: a supervision officer orders (督办) the problem's unit; the order has
    its own reply clock (GET /api/v1/supervision/orders/<id>/)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=InspectionOrderInput, responses={201: InspectionProblemSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, InspectionOrderInput().fields)
        problem = selectors.problem_get_visible(pk=pk, user=request.user)
        services.problem_order_issue(problem=problem, actor=request.user, requirement=data.get("requirement"),
                                     days=data.get("days"), now=timezone.now())
        return Response(InspectionProblemSerializer(selectors.problem_get_visible(pk=pk, user=request.user)).data,
                        status=201)


class InspectionExternalEntryApi(APIView):
    """POST: the office enters a finding of an external evaluation report for a unit."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=InspectionExternalInput, responses={201: InspectionProblemSerializer, **ERRORS})
    def post(self, request):
        data = request_fields(request, InspectionExternalInput().fields)
        problem = services.problem_enter_external(
            actor=request.user, department=data.get("department"), description=data.get("description"),
            report_name=data.get("report_name"), indicator=data.get("indicator") or "",
            score_lost=data.get("score_lost"), column=data.get("column") or "", days=data.get("days"),
            now=timezone.now())
        return Response(InspectionProblemSerializer(problem).data, status=201)
