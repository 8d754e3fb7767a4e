"""Supervision orders API (督办): list and issue, detail, reply (multipart, with evidence files),
accept and return. Permissions and rules are in orders_selectors / orders_services."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.cases.materials import download_name
from backend.common import query
from backend.common.api import request_object
from backend.common.downloads import private_download
from backend.common.errors import DomainError, unknown_fields

from . import orders_selectors as selectors
from . import orders_services as services
from .models import Order, OrderCard, OrderEvidence, OrderReply


class OrderEvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField(help_text="Download (signed-in users who may see the order)")

    class Meta:
        model = OrderEvidence
        fields = ["id", "name", "content_type", "size", "sha256", "url"]

    def get_url(self, evidence) -> str:
        return reverse("api-supervision-order-evidence", args=[evidence.reply.order_id, evidence.pk])


class OrderReplySerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.username")
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    decision = serializers.CharField(help_text="'' (awaiting the officer) | accepted | returned")
    evidence = OrderEvidenceSerializer(many=True)

    class Meta:
        model = OrderReply
        fields = ["round", "text", "submitted_by", "submitted_at", "on_time", "visit_on", "visit_by", "visit_result",
                  "evidence", "decision", "decided_by", "decided_at", "opinion"]


class OrderCardSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="state (yellow/red) | escalation (level 1: department head, 2: office head)")
    recipient = serializers.CharField(source="recipient.username", default=None)
    from_state = serializers.CharField(help_text="green | yellow; empty for an escalation")
    to_state = serializers.CharField(help_text="yellow | red; empty for an escalation")

    class Meta:
        model = OrderCard
        fields = ["kind", "from_state", "to_state", "level", "recipient", "at"]


class OrderSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="order (督办) | rectification (整改, opened by the system)")
    target = serializers.CharField(help_text="case | item | department")
    case = serializers.CharField(source="case.number", default=None)
    item = serializers.CharField(source="item.code", default=None)
    department = serializers.SerializerMethodField()
    issued_by = serializers.CharField(source="issued_by.username", default=None, help_text="null: the system")
    status = serializers.CharField(help_text="open | replied | returned | accepted")
    state = serializers.CharField(help_text="The reply clock: green | yellow | red")

    class Meta:
        model = Order
        fields = ["id", "kind", "target", "case", "item", "department", "problem", "requirement", "days",
                  "issued_by", "issued_at", "issued_on", "deadline", "deadline_provisional", "status", "state",
                  "escalation_level", "next_change_at", "closed_at", "source", "source_id"]

    def get_department(self, order) -> dict:
        return {"id": order.department_id, "code": order.department.code, "name": order.department.name}


class OrderDetailSerializer(OrderSerializer):
    replies = OrderReplySerializer(many=True)
    cards = OrderCardSerializer(many=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "replies", "cards"]


class OrderIssueInputSerializer(serializers.Serializer):
    """Exactly one of case, item and department (the responsible department of a case or item is
    its item's department)."""

    case = serializers.CharField(required=False, help_text="Case number")
    item = serializers.CharField(required=False, help_text="Service item code")
    department = serializers.IntegerField(required=False, help_text="Department id")
    problem = serializers.CharField(max_length=2000)
    requirement = serializers.CharField(max_length=2000)
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="Reply limit in working days")


ISSUE_FIELDS = ("case", "item", "department", "problem", "requirement", "days")


def _detail(order_id, request) -> dict:
    return OrderDetailSerializer(selectors.order_get_visible(user=request.user, order_id=order_id)).data


ORDER_FILTERS = query.Filters((query.choice("state", Order.State.values), query.choice("status", Order.Status.values),
                               query.choice("kind", Order.Kind.values)), paginated=True)


class OrderListApi(generics.ListAPIView):
    """GET /api/v1/supervision/orders/ — officers see all, department staff their department's;
    POST issues an order (officers)."""

    serializer_class = OrderSerializer
    filter_backends: list = []
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self):
        params = ORDER_FILTERS.read(self.request.query_params)
        return selectors.order_list_visible_to(user=self.request.user, **params)

    @extend_schema(parameters=ORDER_FILTERS.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=OrderIssueInputSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        data = request_object(request)
        errors = unknown_fields(data, ISSUE_FIELDS)
        if errors:
            raise DomainError(errors)
        order = services.order_issue(actor=request.user, case=data.get("case"), item=data.get("item"),
                                     department=data.get("department"), problem=data.get("problem"),
                                     requirement=data.get("requirement"), days=data.get("days"), now=timezone.now())
        return Response(_detail(order.pk, request), status=status.HTTP_201_CREATED)


class OrderDetailApi(APIView):
    """GET /api/v1/supervision/orders/{id}/ — with every reply round, its evidence and the cards."""

    @extend_schema(responses=OrderDetailSerializer)
    def get(self, request, pk: int):
        return Response(_detail(pk, request))


class OrderReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000, help_text="The rectification (整改情况)")
    evidence = serializers.ListField(child=serializers.FileField(), required=False,
                                     help_text="Evidence files (PDF, JPEG, PNG), repeat the field for several")
    visit_on = serializers.DateField(required=False, help_text="Rectifications: the follow-up visit's date")
    visit_by = serializers.CharField(required=False, max_length=60, help_text="Rectifications: who visited")
    visit_result = serializers.CharField(required=False, max_length=2000, help_text="Rectifications: the result")


class OrderReplyApi(APIView):
    """POST /api/v1/supervision/orders/{id}/reply/ (multipart) — the department's staff or head."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": OrderReplyInputSerializer}, responses={201: OrderDetailSerializer})
    def post(self, request, pk: int):
        selectors.order_get_visible(user=request.user, order_id=pk)  # 404 for those who may not see it
        data = request_object(request)
        errors = unknown_fields(data, ("text", "evidence", "visit_on", "visit_by", "visit_result"))
        if errors:
            raise DomainError(errors)
        files = request.FILES.getlist("evidence") if hasattr(request.FILES, "getlist") else []
        if not files and data.get("evidence"):
            files = [data.get("evidence")]  # text where a file belongs: the service names the field
        services.order_reply(order_id=pk, actor=request.user, text=data.get("text"), files=files,
                             visit_on=data.get("visit_on"), visit_by=data.get("visit_by", ""),
                             visit_result=data.get("visit_result", ""), now=timezone.now())
        return Response(_detail(pk, request), status=status.HTTP_201_CREATED)


class OrderAcceptInputSerializer(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OrderReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the reply is returned (required)")


class OrderAcceptApi(APIView):
    """POST /api/v1/supervision/orders/{id}/accept/ — officers; closes the order."""

    @extend_schema(request=OrderAcceptInputSerializer, responses=OrderDetailSerializer)
    def post(self, request, pk: int):
        selectors.order_get_visible(user=request.user, order_id=pk)
        data = request_object(request)
        errors = unknown_fields(data, ("opinion",))
        if errors:
            raise DomainError(errors)
        services.order_accept(order_id=pk, actor=request.user, opinion=data.get("opinion", ""), now=timezone.now())
        return Response(_detail(pk, request))


class OrderReturnApi(APIView):
    """POST /api/v1/supervision/orders/{id}/return/ — officers; the department must reply again
    by the original deadline (returning does not extend it)."""

    @extend_schema(request=OrderReturnInputSerializer, responses=OrderDetailSerializer)
    def post(self, request, pk: int):
        selectors.order_get_visible(user=request.user, order_id=pk)
        data = request_object(request)
        errors = unknown_fields(data, ("reason",))
        if errors:
            raise DomainError(errors)
        services.order_return(order_id=pk, actor=request.user, reason=data.get("reason", ""), now=timezone.now())
        return Response(_detail(pk, request))


class OrderEvidenceDownloadApi(APIView):
    """GET /api/v1/supervision/orders/{id}/evidence/{evidence_id}/ — the file, to those who may see the order."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk: int, evidence_id: int):
        evidence = selectors.order_evidence_get(user=request.user, order_id=pk, evidence_id=evidence_id)
        return private_download(evidence.file, filename=download_name(evidence.original_name, evidence.content_type),
                                content_type=evidence.content_type, gone_message=_("佐证材料文件已不存在。"))
