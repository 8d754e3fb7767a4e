"""Read-only case APIs and material upload. Filing and task actions live in workflows/api.py."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.attempts import client_address
from backend.common.errors import DomainError

from . import selectors, services
from .models import Case
from .serializers import CaseDetailSerializer, CaseListSerializer, CaseMaterialSerializer, CasePublicSerializer

CASE_FILTERS = query.Filters((
    query.choice("status", Case.Status.values), query.choice("channel", Case.Channel.values),
    query.choice("decision", Case.Decision.values), query.text("item", 40, "the item's code"),
), paginated=True)


class CaseListApi(generics.ListAPIView):
    serializer_class = CaseListSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = CASE_FILTERS.read(self.request.query_params)
        qs = selectors.case_list_visible_to(user=self.request.user)
        lookups = {"status": params["status"], "channel": params["channel"], "decision": params["decision"],
                   "item__code": params["item"]}
        return qs.filter(**{k: v for k, v in lookups.items() if v is not None})

    @extend_schema(parameters=CASE_FILTERS.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, number: str):
        case = selectors.case_get_visible(number=number, user=request.user)
        return Response(CaseDetailSerializer(case).data)


class CaseMaterialUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class MaterialUploadInputSerializer(serializers.Serializer):
        file = serializers.FileField()
        requirement = serializers.IntegerField(required=False)
        replaces = serializers.IntegerField(required=False, help_text="id of a file this one supersedes")

    @extend_schema(
        request={"multipart/form-data": MaterialUploadInputSerializer}, responses={201: CaseMaterialSerializer}
    )
    def post(self, request, number: str):
        """Before acceptance the applicant and the window staff; afterwards the holder of a step that
        takes materials (403 otherwise, with the reason)."""
        case = selectors.case_get_visible(number=number, user=request.user)
        material = services.case_material_add(
            case=case, uploaded_file=request.FILES.get("file"), actor=request.user, now=timezone.now(),
            requirement_id=_int_or_none(request.data, "requirement"), replaces=_int_or_none(request.data, "replaces"),
        )
        return Response(CaseMaterialSerializer(material).data, status=201)


def _int_or_none(data, field: str) -> int | None:
    value = data.get(field)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError.single(field, "invalid", _("应为整数。")) from None


class CaseMaterialRemoveApi(APIView):
    """POST /api/v1/cases/{number}/materials/{id}/remove/ {"reason"}: the file stops counting and
    stays on record; who may is as for uploads."""

    class MaterialRemoveInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=MaterialRemoveInputSerializer, responses={200: CaseMaterialSerializer})
    def post(self, request, number: str, material_id: int):
        case = selectors.case_get_visible(number=number, user=request.user)
        data = request.data if isinstance(request.data, dict) else {}
        material = services.case_material_remove(case=case, material_id=material_id, reason=data.get("reason"),
                                                 actor=request.user, now=timezone.now())
        return Response(CaseMaterialSerializer(material).data)


class CasePublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[OpenApiParameter("query_code", str, required=True)], responses=CasePublicSerializer)
    def get(self, request, number: str):
        query_code = request.query_params.get("query_code", "")
        case = selectors.case_public_lookup_guarded(number=number, query_code=query_code,
                                                    client=client_address(request))
        return Response(CasePublicSerializer(case).data)
