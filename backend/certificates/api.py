"""The certificate register's API: list and search, one certificate, and revocation."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.api import request_object
from backend.common.errors import DomainError
from backend.common.validators import parse_day

from . import selectors, services
from .models import Certificate
from .serializers import CertificateRevokeInputSerializer, CertificateSerializer


def _reader(user) -> None:
    if not selectors.may_read_register(user):
        raise DomainError.single(None, "forbidden", _("只有工作人员、监察人员和管理员可以查看证书登记簿。"), status=403)


def _on(request) -> date:
    raw = request.query_params.get("on", "").strip()
    if not raw:
        return timezone.localdate()
    parsed = parse_day(raw)
    if parsed is None:
        raise DomainError.single("on", "invalid", _("日期应为 YYYY-MM-DD 格式，例如 2026-11-30。"))
    return parsed


@extend_schema(parameters=[
    OpenApiParameter("q", str, description="Part of the holder, the certificate number or the case number"),
    OpenApiParameter("status", str, enum=list(selectors.STATUS_FILTERS),
                     description="valid, expired or revoked on the day `on`"),
    OpenApiParameter("on", OpenApiTypes.DATE, description="The day states are judged on (default today)"),
])
class CertificateListApi(generics.ListAPIView):
    """Every certificate of the cases the caller may see, newest first (staff, supervisors, admins)."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Certificate.objects.none()
        _reader(self.request.user)
        params = self.request.query_params
        return selectors.certificate_list_visible_to(user=self.request.user, q=params.get("q", "")[:100],
                                                     status=params.get("status", "").strip(), on=_on(self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "on": _on(self.request)}


class CertificateDetailApi(APIView):
    @extend_schema(responses=CertificateSerializer)
    def get(self, request, pk: int):
        _reader(request.user)
        certificate = selectors.certificate_get_visible(pk=pk, user=request.user)
        return Response(CertificateSerializer(certificate).data)


class CertificateRevokeApi(APIView):
    @extend_schema(request=CertificateRevokeInputSerializer, responses=CertificateSerializer)
    def post(self, request, pk: int):
        """撤销 with a reason: approvers of the issuing department and administrators (403 otherwise)."""
        _reader(request.user)
        certificate = selectors.certificate_get_visible(pk=pk, user=request.user)
        certificate = services.certificate_revoke(certificate=certificate, reason=request_object(request).get("reason"),
                                                  actor=request.user, now=timezone.now())
        return Response(CertificateSerializer(certificate).data)
