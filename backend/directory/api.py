"""The catalogue API under /api/v1/disclosure/catalogue/: columns, documents (list, create) and the
steps (submit, review, sign-off, withdraw, correct). Errors are {"errors": [{field, code, message}]} with
400/403/404/409; the services check who may do what."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.api import ERROR_RESPONSES, request_fields

from . import selectors, services
from .models import Document
from .serializers import (
    DirectoryColumnSerializer,
    DirectoryCorrectionInput,
    DirectoryDecisionInput,
    DirectoryDocumentInput,
    DirectoryDocumentSerializer,
    DirectoryInterpretationInput,
    DirectoryReasonInput,
)

ERRORS = ERROR_RESPONSES


class DirectoryColumnListApi(APIView):
    """GET: the columns the caller may see (their units'; the disclosure office and supervisors all)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DirectoryColumnSerializer(many=True)})
    def get(self, request):
        return Response(DirectoryColumnSerializer(selectors.column_list_visible_to(user=request.user), many=True).data)


DOCUMENT_FILTERS = query.Filters((query.choice("status", Document.Status.values),
                                  query.text("column", 40, "the column's code"),
                                  query.text("search", 100, "part of the title or the document number")))


class DirectoryDocumentListApi(APIView):
    """GET: the documents the caller may see (filter status, column, search); POST: a new draft."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=DOCUMENT_FILTERS.parameters(), responses={200: DirectoryDocumentSerializer(many=True)})
    def get(self, request):
        params = DOCUMENT_FILTERS.read(request.query_params)
        qs = selectors.document_filter(selectors.document_list_visible_to(user=request.user),
                                       **{k: v or "" for k, v in params.items()})
        qs = qs.prefetch_related("interpretations", "service_items")  # shown on every row
        return Response(DirectoryDocumentSerializer(qs[:200], many=True).data)

    @extend_schema(request=DirectoryDocumentInput, responses={201: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request):
        data = request_fields(request, DirectoryDocumentInput().fields)
        doc = services.document_draft(data=dict(data.items()), actor=request.user, now=timezone.now())
        return Response(DirectoryDocumentSerializer(doc).data, status=201)


class DirectoryDocumentDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: DirectoryDocumentSerializer, 404: OpenApiResponse(description="not visible")})
    def get(self, request, pk: int):
        return Response(DirectoryDocumentSerializer(selectors.document_get_visible(pk=pk, user=request.user)).data)


class DirectoryDocumentSubmitApi(APIView):
    """POST: the draft goes to review."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request, pk: int):
        doc = selectors.document_get_visible(pk=pk, user=request.user)
        doc = services.document_submit(document=doc, actor=request.user, now=timezone.now())
        return Response(DirectoryDocumentSerializer(doc).data)


class _DecisionApi(APIView):
    permission_classes = [IsAuthenticated]
    service = None

    @extend_schema(request=DirectoryDecisionInput, responses={200: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, DirectoryDecisionInput().fields)
        doc = selectors.document_get_visible(pk=pk, user=request.user)
        doc = type(self).service(document=doc, decision=str(data.get("decision") or ""),
                                 opinion=data.get("opinion") or "", actor=request.user, now=timezone.now())
        return Response(DirectoryDocumentSerializer(doc).data)


class DirectoryDocumentReviewApi(_DecisionApi):
    """POST {decision: approve|return, opinion}: 审核 by a reviewer of the column's unit."""

    service = services.document_review


class DirectoryDocumentSignOffApi(_DecisionApi):
    """POST {decision: approve|return, opinion}: 审签 by the unit's head; approval publishes."""

    service = services.document_sign_off


class DirectoryDocumentWithdrawApi(APIView):
    """POST {reason}: the published document leaves the public pages."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=DirectoryReasonInput, responses={200: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, DirectoryReasonInput().fields)
        doc = selectors.document_get_visible(pk=pk, user=request.user)
        doc = services.document_withdraw(document=doc, reason=data.get("reason") or "", actor=request.user,
                                         now=timezone.now())
        return Response(DirectoryDocumentSerializer(doc).data)


class DirectoryDocumentCorrectApi(APIView):
    """POST {reason, …changed fields}: 更正 of a published document. It becomes the draft of its next
    version (review and sign-off again); the public keeps the published version until then."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=DirectoryCorrectionInput, responses={200: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = dict(request_fields(request, DirectoryCorrectionInput().fields).items())
        doc = selectors.document_get_visible(pk=pk, user=request.user)
        reason = data.pop("reason", "") or ""
        doc = services.document_correct(document=doc, data=data, reason=reason, actor=request.user,
                                        now=timezone.now())
        return Response(DirectoryDocumentSerializer(doc).data)


class DirectoryInterpretationListApi(APIView):
    """GET: the policy's interpretations; POST: a new interpretation of it (a draft, by the policy's
    unit — 谁起草谁解读). JSON, or multipart with `attachments` (required for graphic and video)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: DirectoryDocumentSerializer(many=True),
                              404: OpenApiResponse(description="not visible")})
    def get(self, request, pk: int):
        policy = selectors.document_get_visible(pk=pk, user=request.user)
        return Response(DirectoryDocumentSerializer(selectors.interpretation_list(policy=policy), many=True).data)

    @extend_schema(request={"application/json": DirectoryInterpretationInput,
                            "multipart/form-data": DirectoryInterpretationInput},
                   responses={201: DirectoryDocumentSerializer, **ERRORS})
    def post(self, request, pk: int):
        data = request_fields(request, DirectoryInterpretationInput().fields)
        policy = selectors.document_get_visible(pk=pk, user=request.user)
        files = request.FILES.getlist("attachments")
        fields = {k: data.get(k) for k in data if k != "attachments"}
        doc = services.interpretation_draft(policy=policy, data=fields, actor=request.user, now=timezone.now(),
                                            files=files)
        return Response(DirectoryDocumentSerializer(doc).data, status=201)
