"""The certificate register's API: list and search, one certificate, and revocation."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.api import request_object
from backend.common.errors import DomainError

from . import selectors, services
from .models import Certificate
from .serializers import CertificateRevokeInputSerializer, CertificateSerializer


def _reader(user) -> None:
    if not selectors.may_read_register(user):
        raise DomainError.single(None, "forbidden", _("只有工作人员、监察人员和管理员可以查看证书登记簿。"), status=403)


CERTIFICATE_FILTERS = query.Filters((
    query.text("q", 100, "Part of the holder, the certificate number or the case number"),
    query.choice("status", selectors.STATUS_FILTERS, "valid, expired or revoked on the day `on`"),
    query.day("on", "The day states are judged on (default today)"),
), paginated=True)


def _filters(request) -> dict:
    params = CERTIFICATE_FILTERS.read(request.query_params)
    return {**params, "on": params["on"] or timezone.localdate()}


@extend_schema(parameters=CERTIFICATE_FILTERS.parameters())
class CertificateListApi(generics.ListAPIView):
    """Every certificate of the cases the caller may see, newest first (staff, supervisors, admins)."""

    serializer_class = CertificateSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Certificate.objects.none()
        _reader(self.request.user)
        params = _filters(self.request)
        return selectors.certificate_list_visible_to(user=self.request.user, q=params["q"] or "",
                                                     status=params["status"] or "", on=params["on"])

    def get_serializer_context(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_serializer_context()
        return {**super().get_serializer_context(), "on": _filters(self.request)["on"]}


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
