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

from backend.common.attempts import client_address
from backend.common.errors import DomainError

from . import selectors, services
from .serializers import CaseDetailSerializer, CaseListSerializer, CaseMaterialSerializer, CasePublicSerializer


class CaseListApi(generics.ListAPIView):
    serializer_class = CaseListSerializer
    filterset_fields = ["status", "channel", "decision"]

    def get_queryset(self):
        qs = selectors.case_list_visible_to(user=self.request.user)
        item = self.request.query_params.get("item")
        return qs.filter(item__code=item) if item else qs


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

    @extend_schema(
        request={"multipart/form-data": MaterialUploadInputSerializer}, responses={201: CaseMaterialSerializer}
    )
    def post(self, request, number: str):
        case = selectors.case_get_visible(number=number, user=request.user)
        if request.user.is_supervisor:
            raise DomainError.single(None, "forbidden", _("监察人员只能查看，不能修改办件。"), status=403)
        requirement = request.data.get("requirement")
        try:
            requirement_id = int(requirement) if requirement not in (None, "") else None
        except (TypeError, ValueError):
            raise DomainError.single("requirement", "invalid", _("材料编号应为整数。")) from None
        material = services.case_material_add(
            case=case, uploaded_file=request.FILES.get("file"), requirement_id=requirement_id,
            actor=request.user, now=timezone.now(),
        )
        return Response(CaseMaterialSerializer(material).data, status=201)


class CasePublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[OpenApiParameter("query_code", str, required=True)], responses=CasePublicSerializer)
    def get(self, request, number: str):
        query_code = request.query_params.get("query_code", "")
        case = selectors.case_public_lookup_guarded(number=number, query_code=query_code,
                                                    client=client_address(request))
        return Response(CasePublicSerializer(case).data)
