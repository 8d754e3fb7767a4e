from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import NotFound

from . import selectors
from .models import ServiceItem
from .serializers import ItemDetailSerializer, ItemListSerializer


class ItemListApi(generics.ListAPIView):
    """Service items; guides are public by law (行政许可法 art. 30), so no login is needed."""

    permission_classes = [AllowAny]
    serializer_class = ItemListSerializer

    @extend_schema(parameters=[OpenApiParameter("search", str), OpenApiParameter("department", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.item_list_public(search=params.get("search", ""), department=params.get("department", ""))


class ItemDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ItemDetailSerializer)
    def get(self, request, code: str):
        item = ServiceItem.objects.select_related("department").filter(code=code, is_active=True).first()
        if item is None:
            raise NotFound(_("事项不存在。"))
        guide = selectors.guide_current(item=item, on=timezone.localdate())
        guide = selectors.guide_detail(guide_id=guide.pk) if guide else None
        return Response(ItemDetailSerializer(item, context={"guide": guide}).data)
