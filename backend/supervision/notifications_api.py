"""Notifications API: the caller's own notifications, and marking one read."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query

from . import notifications
from .models import Notification


class NotificationOutputSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", default=None)
    kind = serializers.CharField(help_text="card | suspended | resumed | extended")
    email_status = serializers.CharField(help_text="none | pending | sent | failed")

    class Meta:
        model = Notification
        fields = ["id", "case", "kind", "title", "body", "created_at", "read_at", "email_status", "email_sent_at"]


class NotificationListApi(generics.ListAPIView):
    """GET /api/v1/notifications/?unread=true — the caller's notifications, newest first."""

    serializer_class = NotificationOutputSerializer
    filter_backends: list = []
    filters = query.Filters((query.boolean("unread", "Only unread notifications"),), paginated=True)

    def get_queryset(self):
        unread = bool(self.filters.read(self.request.query_params)["unread"])
        return notifications.notification_list_visible_to(user=self.request.user, unread=unread)

    @extend_schema(parameters=filters.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationReadApi(APIView):
    """POST /api/v1/notifications/{id}/read/ — mark one of the caller's notifications read (404 otherwise)."""

    @extend_schema(request=None, responses=NotificationOutputSerializer)
    def post(self, request, pk: int):
        notification = notifications.notification_mark_read(user=request.user, notification_id=pk,
                                                            now=timezone.now())
        return Response(NotificationOutputSerializer(notification).data)
