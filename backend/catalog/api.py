from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.errors import NotFound

from . import selectors
from .models import ServiceItem
from .serializers import ItemDetailSerializer, ItemListSerializer


class ItemListApi(generics.ListAPIView):
    """Service items; guides are public by law (行政许可法 art. 30), so no login is needed."""

    permission_classes = [AllowAny]
    serializer_class = ItemListSerializer

    filter_backends: list = []
    filters = query.Filters((query.text("search", 100, "part of the item's name or code"),
                             query.text("department", 32, "the department's code")), paginated=True)

    @extend_schema(parameters=filters.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.filters.read(self.request.query_params)
        return selectors.item_list_public(search=params["search"] or "", department=params["department"] or "")


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
